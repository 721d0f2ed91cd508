//! TLS: rustls with the ring provider. Either a fresh CA and a leaf for 127.0.0.1/localhost
//! (made with rcgen at start; the CA goes in the ready file for clients to trust), or a
//! certificate chain and key read from PEM files.

use std::path::Path;
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use rustls::crypto::ring;
use rustls::ServerConfig;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

use crate::error::ServerError;

/// A server certificate and its key, plus the CA that issued it when we made it.
pub(crate) struct Identity {
    pub chain: Vec<CertificateDer<'static>>,
    pub key: PrivateKeyDer<'static>,
    pub ca_pem: Option<String>,
}

fn tls_err(what: &str) -> impl Fn(rcgen::Error) -> ServerError + '_ {
    move |e| ServerError::Tls(format!("{what}: {e}"))
}

/// A fresh CA and a leaf certificate for `127.0.0.1`, `::1` and `localhost`.
pub(crate) fn generate() -> Result<Identity, ServerError> {
    let ca_key = KeyPair::generate().map_err(tls_err("CA key"))?;
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(tls_err("CA"))?;
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, "wealth-server sandbox CA");
    dn.push(DnType::OrganizationName, "wealth-server");
    ca_params.distinguished_name = dn;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.key_usages =
        vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign, KeyUsagePurpose::DigitalSignature];
    let ca_cert = ca_params.self_signed(&ca_key).map_err(tls_err("CA"))?;
    let issuer = Issuer::new(ca_params, ca_key);

    let leaf_key = KeyPair::generate().map_err(tls_err("leaf key"))?;
    let mut leaf = CertificateParams::new(vec!["127.0.0.1".to_string(), "::1".to_string(), "localhost".to_string()])
        .map_err(tls_err("leaf"))?;
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, "localhost");
    leaf.distinguished_name = dn;
    leaf.is_ca = IsCa::ExplicitNoCa;
    leaf.key_usages = vec![KeyUsagePurpose::DigitalSignature, KeyUsagePurpose::KeyEncipherment];
    leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let leaf_cert = leaf.signed_by(&leaf_key, &issuer).map_err(tls_err("leaf"))?;

    Ok(Identity {
        chain: vec![leaf_cert.der().clone(), ca_cert.der().clone()],
        key: PrivateKeyDer::try_from(leaf_key.serialize_der())
            .map_err(|e| ServerError::Tls(format!("leaf key: {e}")))?,
        ca_pem: Some(ca_cert.pem()),
    })
}

/// A certificate chain and a private key from PEM files.
pub(crate) fn from_files(cert_pem: &Path, key_pem: &Path) -> Result<Identity, ServerError> {
    let chain = CertificateDer::pem_file_iter(cert_pem)
        .and_then(|it| it.collect::<Result<Vec<_>, _>>())
        .map_err(|e| ServerError::Tls(format!("{}: {e}", cert_pem.display())))?;
    if chain.is_empty() {
        return Err(ServerError::Tls(format!("{}: no certificate", cert_pem.display())));
    }
    let key =
        PrivateKeyDer::from_pem_file(key_pem).map_err(|e| ServerError::Tls(format!("{}: {e}", key_pem.display())))?;
    Ok(Identity { chain, key, ca_pem: None })
}

/// The rustls server configuration (ring provider, HTTP/1.1 over ALPN).
pub(crate) fn server_config(id: Identity) -> Result<Arc<ServerConfig>, ServerError> {
    let mut config = ServerConfig::builder_with_provider(Arc::new(ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| ServerError::Tls(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(id.chain, id.key)
        .map_err(|e| ServerError::Tls(e.to_string()))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}
