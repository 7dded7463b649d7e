/**
 * A customer exercised the right to be forgotten: the keys of their personal data (and of the
 * anonymous ids linked to them) were destroyed, so every encrypted field of their events now reads
 * "[erased]". Stored in the customer's stream; read models drop the personal fields they hold.
 */
export interface CustomerErased {
  readonly type: 'CustomerErased';
  readonly data: {
    readonly customerId: string;
    /** Anonymous ids linked to the customer whose keys were destroyed with theirs. */
    readonly anonymousIds: readonly string[];
    /** Ids of the destroyed keys (the `<key id>` of `enc:v1:` values). */
    readonly keyIds: readonly string[];
    /** ISO-8601 instant of the erasure. */
    readonly erasedAt: string;
  };
}
