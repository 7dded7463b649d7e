import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const SCOPES = ['ingest', 'read', 'audit', 'admin', 'metrics'] as const;
export type Scope = (typeof SCOPES)[number];

/** An API key. Only a hash of its secret is stored; the key itself is shown once, at creation. */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', array: true })
  scopes!: Scope[];

  /** sha256 of the secret part, hex. */
  @Column({ name: 'secret_hash', type: 'text' })
  secretHash!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
