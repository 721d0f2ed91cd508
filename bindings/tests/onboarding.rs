//! The onboarding surface of the bindings, driven from Rust as Swift/Kotlin/Python would: the
//! secret store callback, one method per step, the view model, errors per field, the newbie
//! guide, and a confirmed deposit.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use wealth_ffi::{
    check_card, check_id_number, check_phone, check_pin, DisplayLocale, MovementConfirmation, Onboarding,
    PlatformSecretStore, SandboxAdmin, SecretStoreError, Wealth, WealthConfig, WealthError,
};
use wealth_server::{ServerConfig, TlsMode};

#[derive(Default)]
struct MemorySecrets(Mutex<HashMap<String, Vec<u8>>>);

impl PlatformSecretStore for MemorySecrets {
    fn get(&self, key: String) -> Result<Option<Vec<u8>>, SecretStoreError> {
        Ok(self.0.lock().unwrap().get(&key).cloned())
    }
    fn set(&self, key: String, value: Vec<u8>) -> Result<(), SecretStoreError> {
        self.0.lock().unwrap().insert(key, value);
        Ok(())
    }
    fn delete(&self, key: String) -> Result<(), SecretStoreError> {
        self.0.lock().unwrap().remove(&key);
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn onboarding_through_the_bindings_then_a_confirmed_deposit() {
    let server = wealth_server::start(ServerConfig {
        sandbox: true,
        db_path: None,
        listen: "127.0.0.1:0".parse().unwrap(),
        tls: TlsMode::Generated,
        start_time: Some(chrono::DateTime::parse_from_rfc3339("2026-11-16T09:00:00+08:00").unwrap()),
    })
    .await
    .unwrap();
    let ca = server.ca_cert_pem.clone();
    let dir = tempfile_dir();
    let secrets: Arc<dyn PlatformSecretStore> = Arc::new(MemorySecrets::default());
    let admin = SandboxAdmin::new(server.url.clone(), ca.clone()).unwrap();
    let flow = Onboarding::open(server.url.clone(), ca.clone(), dir.clone(), secrets.clone()).unwrap();

    let v = flow.view().unwrap();
    assert_eq!(v.step, "phone");
    assert_eq!(v.missing, ["phone", "name", "id_number", "card", "pin", "answers"]);
    match flow.request_otp("12800138000".into()).await {
        Err(WealthError::InvalidField { code, field, .. }) => {
            assert_eq!((code.as_str(), field.as_str()), ("FORMAT", "phone"))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(flow.view().unwrap().errors[0].code, "FORMAT");
    flow.request_otp("13800138000".into()).await.unwrap();
    let code = admin.otp("13800138000".into()).await.unwrap();
    let v = flow.verify_otp(code).await.unwrap();
    assert_eq!((v.step.as_str(), v.has_session), ("identity", true));
    assert!(v.errors.is_empty(), "accepted fields clear their errors");
    match flow.submit_identity("王小明".into(), "130402198207290622".into()).await {
        Err(WealthError::InvalidField { code, field, .. }) => {
            assert_eq!((code.as_str(), field.as_str()), ("CHECKSUM", "id_number"))
        }
        other => panic!("{other:?}"),
    }
    flow.submit_identity("王小明".into(), "130402198207290624".into()).await.unwrap();
    let card = flow.submit_card("6222021234567891234".into()).await;
    // 19 digits ending in 4: passes the sandbox's four-element check; Luhn may warn.
    let card = card.unwrap();
    assert_eq!(card.view.step, "pin");
    flow.submit_pin("135790".into(), "135790".into()).await.unwrap();
    let q = flow.questionnaire().await.unwrap();
    let v = flow.submit_answers(q.default_answers.clone()).await.unwrap();
    assert_eq!((v.step.as_str(), v.risk_level.as_deref()), ("done", Some("C3")));
    assert_eq!(v.done_steps, ["phone", "identity", "card", "pin", "questionnaire"]);
    let guide = flow.newbie_guide(false).unwrap();
    assert!(guide.iter().take(5).all(|g| g.done));
    flow.mark_guide_read("protection".into()).unwrap();
    assert!(flow.newbie_guide(false).unwrap().iter().any(|g| g.id == "protection" && g.done));

    // Reopened (an app restart): the same step, from the local store.
    drop(flow);
    let again = Onboarding::open(server.url.clone(), ca.clone(), dir.clone(), secrets.clone()).unwrap();
    assert_eq!(again.view().unwrap().step, "done");

    // The same platform store: it holds the replica key and the session token.
    let wealth = Wealth::open_with_secret_store(
        WealthConfig {
            server_url: server.url.clone(),
            ca_cert_pem: ca.clone(),
            data_dir: dir.clone(),
            session_token: again.session_token().unwrap(),
        },
        secrets.clone(),
        vec![],
    )
    .unwrap();
    admin.publish_per_10k("2026-11-01".into(), "2026-12-31".into(), "0.6500".into()).await.unwrap();
    match wealth.deposit("100.00".into()).await {
        Err(WealthError::Refused { code, .. }) => assert_eq!(code, "PIN_REQUIRED"),
        other => panic!("{other:?}"),
    }
    let wrong =
        MovementConfirmation { pin: "999990".into(), biometric: false, sms_otp: None, suitability_confirmed: false };
    match wealth.deposit_confirmed("100.00".into(), wrong).await {
        Err(WealthError::WrongCode { tries_left, .. }) => assert_eq!(tries_left, 4),
        other => panic!("{other:?}"),
    }
    let pin =
        MovementConfirmation { pin: "135790".into(), biometric: false, sms_otp: None, suitability_confirmed: false };
    match wealth.deposit_confirmed("6000.00".into(), pin.clone()).await {
        Err(WealthError::ConfirmationRequired { level, .. }) => assert_eq!(level, "pin_biometric"),
        other => panic!("{other:?}"),
    }
    let o = wealth.deposit_confirmed("100.00".into(), pin).await.unwrap();
    assert_eq!(o.amount, "100.00");

    // Live checks for the typing screens.
    let luhn = check_card("6217001234567891".into(), None);
    assert_eq!((luhn.ok, luhn.warning.as_str()), (true, "LUHN"));
    assert!(luhn.message.contains("卡号未通过校验"), "{}", luhn.message);
    let pin = check_pin("654321".into(), Some(DisplayLocale::En));
    assert_eq!(pin.code, "PIN_TOO_SIMPLE");
    assert!(pin.message.starts_with("choose a PIN"), "{}", pin.message);
    let young = check_id_number("310115201006010028".into(), Some("2026-11-23".into()), None).unwrap();
    assert_eq!((young.code.as_str(), young.message.as_str()), ("UNDER_AGE", "投资者须年满18周岁"));
    assert!(check_id_number("310115201006010028".into(), Some("23/11/2026".into()), None).is_err());
    assert_eq!(check_phone("13800138000".into(), None).message, "");
    server.shutdown().await;
}

fn tempfile_dir() -> String {
    let d = std::env::temp_dir().join(format!("wealth-ffi-onboarding-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d.display().to_string()
}
