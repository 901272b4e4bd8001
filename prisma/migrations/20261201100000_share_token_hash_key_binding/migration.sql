-- AlterTable
ALTER TABLE "TargetSecret" ADD COLUMN     "boundTo" VARCHAR(2200) NOT NULL DEFAULT '',
ADD COLUMN     "headers" TEXT,
ALTER COLUMN "apiKey" DROP NOT NULL;

-- Saved keys are bound to where their target pointed when this migration ran (scheme://host:port|key header).
UPDATE "TargetSecret" s
SET "boundTo" = lower(m[1]) || '://' || lower(m[2]) || ':' || coalesce(m[3], CASE lower(m[1]) WHEN 'https' THEN '443' ELSE '80' END) || '|' || coalesce(t."apiKeyHeader", 'authorization')
FROM "Target" t, regexp_match(t."baseUrl", '^([A-Za-z][A-Za-z0-9+.-]*)://([^/:?#]+|\[[^]]+\])(?::([0-9]+))?') AS m
WHERE t.id = s."targetId";

-- Share tokens are kept only as their SHA-256, like sessions and API tokens.
UPDATE "ShareLink" SET "token" = encode(sha256(convert_to("token", 'UTF8')), 'hex');
