-- Wrong one-time codes over all codes of a signing link (additive, portable).
ALTER TABLE "SigningRequest" ADD COLUMN "otpWrongTotal" INTEGER NOT NULL DEFAULT 0;
