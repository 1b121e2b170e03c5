CREATE TABLE `api_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`key_hash` text NOT NULL,
	`key_prefix` text NOT NULL,
	`created_at` text NOT NULL,
	`revoked_at` text,
	CONSTRAINT "api_keys_name_not_blank" CHECK(length(trim("api_keys"."name")) BETWEEN 1 AND 200),
	CONSTRAINT "api_keys_role_known" CHECK("api_keys"."role" IN ('reader', 'writer', 'admin')),
	CONSTRAINT "api_keys_key_hash_sha256_hex" CHECK(length("api_keys"."key_hash") = 64 AND "api_keys"."key_hash" NOT GLOB '*[^0-9a-f]*')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_key_hash_unique` ON `api_keys` (`key_hash`);