//! Certificate pinning by public key: the SHA-256 of a certificate's SubjectPublicKeyInfo (as in
//! HPKP and OkHttp's `CertificatePinner`), checked after the normal WebPKI verification. A pin
//! set always holds a backup pin, so that a key rotation does not lock every app out.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, Error, SignatureScheme};
use sha2::{Digest, Sha256};

use crate::device::error::DeviceError;

/// SHA-256 of a certificate's SubjectPublicKeyInfo (DER, with its outer SEQUENCE). Parsed by
/// rustls-webpki, the parser rustls already verifies the chain with (X.509 v3 only).
pub fn spki_sha256(cert_der: &[u8]) -> Result<[u8; 32], DeviceError> {
    let der = CertificateDer::from(cert_der);
    let cert = webpki::EndEntityCert::try_from(&der).map_err(|e| DeviceError::Config(format!("certificate: {e}")))?;
    Ok(Sha256::digest(cert.subject_public_key_info().as_ref()).into())
}

/// The pin of a PEM certificate, as 64 hex digits (for configuration files and tests).
pub fn spki_pin_of_pem(pem: &str) -> Result<String, DeviceError> {
    use rustls_pki_types::pem::PemObject;
    let cert = CertificateDer::pem_slice_iter(pem.as_bytes())
        .next()
        .ok_or_else(|| DeviceError::Config("no PEM certificate found".into()))?
        .map_err(|e| DeviceError::Config(format!("certificate: {e}")))?;
    Ok(spki_sha256(&cert)?.iter().map(|b| format!("{b:02x}")).collect())
}

/// Parse the pins of an environment: each 64 hex digits; at least two distinct ones (a primary
/// and a backup), or none at all (no pinning: sandbox and development).
pub fn parse_pins(pins: &[String]) -> Result<Vec<[u8; 32]>, DeviceError> {
    let mut out: Vec<[u8; 32]> = Vec::new();
    for p in pins {
        let p = p.trim().trim_start_matches("sha256/");
        let bytes: Option<Vec<u8>> = (p.len() == 64)
            .then(|| (0..32).map(|i| u8::from_str_radix(&p[2 * i..2 * i + 2], 16).ok()).collect())
            .flatten();
        let pin: [u8; 32] = bytes
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| DeviceError::Config(format!("{p:?} is not a SHA-256 pin (64 hex digits)")))?;
        if !out.contains(&pin) {
            out.push(pin);
        }
    }
    if out.len() == 1 {
        return Err(DeviceError::Config("certificate pinning needs a backup pin (two distinct pins)".into()));
    }
    Ok(out)
}

/// WebPKI verification, then: some certificate of the chain the server sent has a pinned key.
#[derive(Debug)]
pub struct PinnedVerifier {
    inner: Arc<WebPkiServerVerifier>,
    pins: Vec<[u8; 32]>,
}

impl PinnedVerifier {
    /// Pin `pins` on top of `inner`.
    pub fn new(inner: Arc<WebPkiServerVerifier>, pins: Vec<[u8; 32]>) -> PinnedVerifier {
        PinnedVerifier { inner, pins }
    }
}

impl ServerCertVerifier for PinnedVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        let verified = self.inner.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)?;
        let pinned = std::iter::once(end_entity)
            .chain(intermediates)
            .filter_map(|c| spki_sha256(c).ok())
            .any(|h| self.pins.contains(&h));
        if pinned {
            Ok(verified)
        } else {
            Err(Error::InvalidCertificate(CertificateError::Other(rustls::OtherError(Arc::new(PinMismatch)))))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// The server's key is not one of the pinned keys.
#[derive(Debug)]
struct PinMismatch;

impl std::fmt::Display for PinMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the server's public key does not match the pinned keys")
    }
}

impl std::error::Error for PinMismatch {}

#[cfg(test)]
mod tests {
    use super::*;

    /// A self-signed P-256 CA certificate, and the pin OpenSSL computes for it:
    /// `openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | sha256sum`.
    const CERT: &str = "-----BEGIN CERTIFICATE-----
MIIBezCCASGgAwIBAgIUOny7xgTAji6yyT4k3w14sRTuh3YwCgYIKoZIzj0EAwIw
EzERMA8GA1UEAwwIcGluLnRlc3QwHhcNMjYxMTIzMTU1ODE5WhcNMzYxMTIwMTU1
ODE5WjATMREwDwYDVQQDDAhwaW4udGVzdDBZMBMGByqGSM49AgEGCCqGSM49AwEH
A0IABO7CxyzhYr/Hp4JwLp+poSxCWTg/WSK4xwqce6ecRiWWulvNjffs0zc70Vf4
zzakaallEpLN4HiuatZx41KdJXajUzBRMB0GA1UdDgQWBBTRWhEO5t9NL20qoEKo
YStpgNTTxDAfBgNVHSMEGDAWgBTRWhEO5t9NL20qoEKoYStpgNTTxDAPBgNVHRMB
Af8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQC8j4C+j2ycF7mmT+VDA9FmTRo/
UvF+x+/nANQ1cr/v6AIgRBRzoUZyOIh4agH7kr9uZuDV+YcBbJFLZ4AKIaq05pM=
-----END CERTIFICATE-----
";

    #[test]
    fn the_pin_is_the_sha256_of_the_whole_spki_as_openssl_computes_it() {
        assert_eq!(spki_pin_of_pem(CERT).unwrap(), "0512ab661665ac7f2d3582de29d0e1c618503705fd14b40158f307cfe48ad1da");
        assert!(spki_sha256(b"not a certificate").is_err());
        assert!(spki_pin_of_pem("no pem here").is_err());
    }

    #[test]
    fn pins_need_a_backup_and_hex() {
        let a = "a".repeat(64);
        let b = "b".repeat(64);
        assert!(parse_pins(&[]).unwrap().is_empty());
        assert!(parse_pins(std::slice::from_ref(&a)).is_err());
        assert!(parse_pins(&[a.clone(), a.clone()]).is_err());
        assert!(parse_pins(&["zz".into(), b.clone()]).is_err());
        assert_eq!(parse_pins(&[a, format!("sha256/{b}")]).unwrap().len(), 2);
    }
}
