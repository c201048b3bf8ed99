// The service's sealing certificate: SEAL_P12_PATH + SEAL_P12_PASSPHRASE, or
// else the self-signed development certificate in SEAL_DEV_DIR (data/certs),
// created on first use. Loaded once per process and configuration.
import { loadOrCreateSealCertificate, type SealCertificate } from "~/domain/pdf";
import { signingSettings } from "./settings.server";

const cache = new Map<string, Promise<SealCertificate>>();

export function serviceSealCertificate(): Promise<SealCertificate> {
  const { seal } = signingSettings();
  const key = JSON.stringify(seal);
  let pending = cache.get(key);
  if (!pending) {
    pending = loadOrCreateSealCertificate({ p12Path: seal.p12Path, passphrase: seal.passphrase, devDir: seal.devDir });
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
  }
  return pending;
}
