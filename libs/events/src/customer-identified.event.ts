/** An anonymous visitor turned out to be a known customer. Stored in the anonymous id's stream. */
export interface CustomerIdentified {
  readonly type: 'CustomerIdentified';
  readonly data: {
    readonly anonymousId: string;
    readonly customerId: string;
    readonly occurredAt: string;
  };
}
