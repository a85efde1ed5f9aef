import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** 'upload': uploaded through POST /files and not yet attached to anything (owner_id null). */
export type FileOwnerType = 'registration' | 'avatar' | 'event' | 'post' | 'resource' | 'upload';

@Entity('stored_files')
export class StoredFileEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'owner_type', type: 'text' })
  ownerType: FileOwnerType;

  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId: string | null;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ name: 'mime_type', type: 'text' })
  mimeType: string;

  @Column({ name: 'storage_key', type: 'text' })
  storageKey: string;

  @Column({ name: 'uploaded_by', type: 'uuid', nullable: true })
  uploadedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
