//! Store stories, each run on SQLite and (with `FAYUAN_TEST_PG`) PostgreSQL.

// Test code: a failed expectation should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use fayuan_core::id::{AccountId, CourtId, CourtroomId, DivisionId, RequestId, SessionId};
use fayuan_domain::DomainError;
use fayuan_domain::accounts::{Account, AccountKind, AccountStatus, Role, Verification};
use fayuan_domain::court::{Court, CourtLevel, Courtroom, Division, DivisionKind};
use fayuan_domain::dossier::Material;
use fayuan_domain::security::{AuditOutcome, NewAuditEvent, verify_chain};
use fayuan_domain::store::{AuditFilter, OneTimeCode, Session, SmsRecord, Store};
use fayuan_store_tests::on_both_backends;
use time::macros::datetime;

fn account(kind: AccountKind, phone: &str) -> Account {
    Account {
        id: AccountId::new(),
        kind,
        name: "张三".into(),
        username: None,
        phone: Some(phone.into()),
        email: None,
        id_number: None,
        uscc: None,
        legal_representative: None,
        licence_number: None,
        law_firm: None,
        password_hash: "$argon2id$x".into(),
        totp_secret: Some(vec![1, 2, 3]),
        totp_last_step: None,
        verification: Verification::Verified,
        verification_note: "ok".into(),
        status: AccountStatus::Active,
        court_id: None,
        division_id: None,
        roles: vec![],
        created_at: datetime!(2026-11-27 08:00 UTC),
    }
}

fn event(n: i64) -> NewAuditEvent {
    NewAuditEvent {
        at_us: n * 1_000_000,
        actor_id: None,
        actor_role: "anonymous".into(),
        action: if n % 2 == 0 {
            "accounts.login".into()
        } else {
            "court.create".into()
        },
        target: format!("t:{n}"),
        client_addr: "127.0.0.1".into(),
        request_id: RequestId::new(),
        outcome: AuditOutcome::Success,
        detail: String::new(),
    }
}

async fn accounts_round_trip_and_logins(store: Arc<dyn Store>) {
    let mut a = account(AccountKind::Person, "13800000001");
    a.id_number = Some("110101199003077774".into());
    a.email = Some("zhang@example.cn".into());
    let mut tx = store.begin().await.unwrap();
    tx.insert_account(&a).await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    let got = tx.account(a.id).await.unwrap().unwrap();
    assert_eq!(got.name, "张三");
    assert_eq!(got.totp_secret, Some(vec![1, 2, 3]));
    assert_eq!(got.created_at, a.created_at);
    for login in ["13800000001", "zhang@example.cn", "110101199003077774"] {
        assert_eq!(
            tx.account_by_login(login).await.unwrap().map(|x| x.id),
            Some(a.id),
            "{login}"
        );
    }
    assert!(tx.account_by_login("nobody").await.unwrap().is_none());
    tx.set_verification(a.id, Verification::Rejected, "no")
        .await
        .unwrap();
    tx.set_status(a.id, AccountStatus::Disabled).await.unwrap();
    tx.set_password_hash(a.id, "new").await.unwrap();
    tx.set_totp_secret(a.id, Some(&[9, 9])).await.unwrap();
    tx.set_totp_last_step(a.id, 42).await.unwrap();
    let got = tx.account(a.id).await.unwrap().unwrap();
    assert_eq!(
        (
            got.verification,
            got.status,
            got.password_hash.as_str(),
            got.totp_last_step
        ),
        (
            Verification::Rejected,
            AccountStatus::Disabled,
            "new",
            Some(42)
        )
    );
    assert_eq!(got.totp_secret, Some(vec![9, 9]));
    tx.set_totp_secret(a.id, None).await.unwrap();
    assert_eq!(tx.account(a.id).await.unwrap().unwrap().totp_secret, None);
    assert!(matches!(
        tx.set_status(AccountId::new(), AccountStatus::Active).await,
        Err(DomainError::NotFound)
    ));
    tx.commit().await.unwrap();
}

async fn duplicates_name_the_field(store: Arc<dyn Store>) {
    let mut first = account(AccountKind::Person, "13800000001");
    first.id_number = Some("110101199003077774".into());
    let mut tx = store.begin().await.unwrap();
    tx.insert_account(&first).await.unwrap();
    tx.commit().await.unwrap();

    let mut same_id = account(AccountKind::Person, "13800000009");
    same_id.id_number = first.id_number.clone();
    let mut tx = store.begin().await.unwrap();
    match tx.insert_account(&same_id).await {
        Err(DomainError::Conflict { what }) => assert_eq!(what, "id_number"),
        other => panic!("expected conflict, got {other:?}"),
    }
    drop(tx);
    let mut tx = store.begin().await.unwrap();
    match tx
        .insert_account(&account(AccountKind::Person, "13800000001"))
        .await
    {
        Err(DomainError::Conflict { what }) => assert_eq!(what, "phone"),
        other => panic!("expected conflict, got {other:?}"),
    }
}

async fn rollback_on_drop(store: Arc<dyn Store>) {
    let a = account(AccountKind::Person, "13800000002");
    {
        let mut tx = store.begin().await.unwrap();
        tx.insert_account(&a).await.unwrap();
        tx.append_audit(&event(1)).await.unwrap();
    }
    let mut tx = store.begin().await.unwrap();
    assert!(tx.account(a.id).await.unwrap().is_none());
    assert_eq!(tx.audit_bounds().await.unwrap().head_seq, 0);
}

async fn courts_staff_and_roles(store: Arc<dyn Store>) {
    let court = Court {
        id: CourtId::new(),
        name: "示范市示范区人民法院".into(),
        level: CourtLevel::Basic,
        code: "京0199".into(),
        parent_id: None,
        fee_schedule: None,
    };
    let division = Division {
        id: DivisionId::new(),
        court_id: court.id,
        name: "立案庭".into(),
        kind: DivisionKind::Filing,
    };
    let room = Courtroom {
        id: CourtroomId::new(),
        court_id: court.id,
        name: "第一法庭".into(),
        tech: true,
        capacity: 40,
        equipment: "视频会议终端".into(),
    };
    let mut staff = account(AccountKind::Staff, "13900000001");
    staff.username = Some("judge".into());
    staff.court_id = Some(court.id);
    staff.division_id = Some(division.id);
    staff.roles = vec![Role::Judge, Role::DivisionChief];
    let mut tx = store.begin().await.unwrap();
    tx.insert_court(&court).await.unwrap();
    tx.insert_division(&division).await.unwrap();
    tx.insert_courtroom(&room).await.unwrap();
    tx.insert_account(&staff).await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.list_courts().await.unwrap().len(), 1);
    assert_eq!(tx.court(court.id).await.unwrap().unwrap().code, "京0199");
    assert_eq!(
        tx.division(division.id).await.unwrap().unwrap().kind,
        DivisionKind::Filing
    );
    assert_eq!(tx.list_divisions(court.id).await.unwrap().len(), 1);
    assert!(tx.list_courtrooms(court.id).await.unwrap()[0].tech);
    let listed = tx.list_staff(Some(court.id)).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].roles, vec![Role::DivisionChief, Role::Judge]);
    assert_eq!(tx.list_staff(None).await.unwrap().len(), 1);
    assert!(
        tx.list_staff(Some(CourtId::new()))
            .await
            .unwrap()
            .is_empty()
    );
    tx.set_roles(staff.id, &[Role::Admin]).await.unwrap();
    assert_eq!(
        tx.account_by_login("judge").await.unwrap().unwrap().roles,
        vec![Role::Admin]
    );
    let dup = Court {
        id: CourtId::new(),
        ..court.clone()
    };
    assert!(matches!(
        tx.insert_court(&dup).await,
        Err(DomainError::Conflict { .. })
    ));
}

async fn sessions_expire_and_end(store: Arc<dyn Store>) {
    let a = account(AccountKind::Person, "13800000003");
    let session = |hash: &str, expires: i64| Session {
        id: SessionId::new(),
        token_hash: hash.into(),
        account_id: a.id,
        kind: "bearer".into(),
        csrf_token: "c".into(),
        created_at_us: 0,
        expires_at_us: expires,
        client_addr: "127.0.0.1".into(),
    };
    let (s1, s2) = (session("h1", 100), session("h2", 1_000));
    let mut tx = store.begin().await.unwrap();
    tx.insert_account(&a).await.unwrap();
    tx.insert_session(&s1).await.unwrap();
    tx.insert_session(&s2).await.unwrap();
    assert_eq!(
        tx.session_by_token_hash("h1").await.unwrap(),
        Some(s1.clone())
    );
    assert_eq!(tx.delete_expired_sessions(500).await.unwrap(), 1);
    assert!(tx.session_by_token_hash("h1").await.unwrap().is_none());
    tx.delete_session(s2.id).await.unwrap();
    assert!(tx.session_by_token_hash("h2").await.unwrap().is_none());
    tx.insert_session(&session("h3", 1_000)).await.unwrap();
    tx.delete_sessions_of(a.id).await.unwrap();
    assert!(tx.session_by_token_hash("h3").await.unwrap().is_none());
    tx.commit().await.unwrap();
}

async fn login_failures_and_codes(store: Arc<dyn Store>) {
    let a = account(AccountKind::Person, "13800000004");
    let mut tx = store.begin().await.unwrap();
    tx.insert_account(&a).await.unwrap();
    for at in [10, 20, 30] {
        tx.record_login_failure("k", at).await.unwrap();
    }
    assert_eq!(
        tx.login_failures_since("k", 15).await.unwrap(),
        (2, Some(30))
    );
    assert_eq!(
        tx.login_failures_since("other", 0).await.unwrap(),
        (0, None)
    );
    assert_eq!(tx.prune_login_failures(15).await.unwrap(), 1);
    assert_eq!(
        tx.login_failures_since("k", 0).await.unwrap(),
        (2, Some(30))
    );
    tx.clear_login_failures("k").await.unwrap();
    assert_eq!(tx.login_failures_since("k", 0).await.unwrap().0, 0);

    let code = OneTimeCode {
        account_id: a.id,
        purpose: "password_reset".into(),
        code_hash: "x".into(),
        expires_at_us: 99,
        attempts: 0,
    };
    tx.put_one_time_code(&code).await.unwrap();
    tx.put_one_time_code(&OneTimeCode {
        code_hash: "y".into(),
        ..code.clone()
    })
    .await
    .unwrap();
    tx.bump_one_time_code(a.id, "password_reset").await.unwrap();
    let got = tx
        .one_time_code(a.id, "password_reset")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((got.code_hash.as_str(), got.attempts), ("y", 1));
    tx.delete_one_time_code(a.id, "password_reset")
        .await
        .unwrap();
    assert!(
        tx.one_time_code(a.id, "password_reset")
            .await
            .unwrap()
            .is_none()
    );
    tx.commit().await.unwrap();
}

async fn audit_chain_search_and_prune(store: Arc<dyn Store>) {
    let mut tx = store.begin().await.unwrap();
    for n in 1..=10 {
        let e = tx.append_audit(&event(n)).await.unwrap();
        assert_eq!(e.seq, n);
    }
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let bounds = tx.audit_bounds().await.unwrap();
    let all = tx.audit_range(1, 100).await.unwrap();
    assert_eq!(verify_chain(&bounds, &all).unwrap(), 10);
    let found = tx
        .search_audit(&AuditFilter {
            action_prefix: Some("accounts.".into()),
            limit: 3,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        found.iter().map(|e| e.seq).collect::<Vec<_>>(),
        vec![10, 8, 6]
    );
    let page = tx
        .search_audit(&AuditFilter {
            before_seq: Some(3),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.len(), 2);
    let window = tx
        .search_audit(&AuditFilter {
            from_us: Some(4_000_000),
            until_us: Some(6_000_000),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(window.len(), 2);
    // Prune events before t=5 s: seq 1–4 go, 5 becomes the anchor holder.
    assert_eq!(tx.prune_audit(5_000_000).await.unwrap(), 4);
    let bounds = tx.audit_bounds().await.unwrap();
    assert_eq!(bounds.first_seq, 5);
    let rest = tx.audit_range(bounds.first_seq, 100).await.unwrap();
    assert_eq!(verify_chain(&bounds, &rest).unwrap(), 6);
    tx.append_audit(&event(11)).await.unwrap();
    tx.commit().await.unwrap();
}

async fn concurrent_appends_keep_one_chain(store: Arc<dyn Store>) {
    let mut tasks = Vec::new();
    for n in 0..16 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut tx = store.begin().await.unwrap();
            tx.append_audit(&event(n)).await.unwrap();
            tx.commit().await.unwrap();
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let mut tx = store.begin().await.unwrap();
    let bounds = tx.audit_bounds().await.unwrap();
    let all = tx.audit_range(1, 100).await.unwrap();
    assert_eq!(verify_chain(&bounds, &all).unwrap(), 16);
}

async fn sandboxes(store: Arc<dyn Store>) {
    let mut tx = store.begin().await.unwrap();
    tx.put_sandbox_identity("110101199003077774", "张三")
        .await
        .unwrap();
    tx.put_sandbox_identity("110101199003077774", "张三丰")
        .await
        .unwrap();
    assert_eq!(
        tx.sandbox_identity("110101199003077774")
            .await
            .unwrap()
            .as_deref(),
        Some("张三丰")
    );
    for n in 0..3 {
        tx.insert_sms(&SmsRecord {
            phone: "13800000001".into(),
            text: format!("m{n}"),
            at_us: n,
        })
        .await
        .unwrap();
    }
    let sms = tx.list_sms(2).await.unwrap();
    assert_eq!(
        sms.iter().map(|s| s.text.as_str()).collect::<Vec<_>>(),
        vec!["m2", "m1"]
    );
    tx.commit().await.unwrap();
}

async fn migrations_are_idempotent(store: Arc<dyn Store>) {
    assert!(store.migrate().await.unwrap().is_empty());
    store.ping().await.unwrap();
}

#[test]
fn both_backends_ship_the_same_migrations() {
    assert_eq!(
        fayuan_store_sqlite::SqlStore::migrations(),
        fayuan_store_postgres::SqlStore::migrations()
    );
}

/// Case-number sequences start at 1 per (court, special code, type code, year), and a rolled-back
/// transaction gives its number back; a court's fee schedule round-trips.
async fn sequences_and_fee_schedules(store: Arc<dyn Store>) {
    let court = Court {
        id: CourtId::new(),
        name: "示范市示范区人民法院".into(),
        level: CourtLevel::Basic,
        code: "京0199".into(),
        parent_id: None,
        fee_schedule: None,
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_court(&court).await.unwrap();
    assert_eq!(
        tx.next_case_sequence(court.id, "", "民初", 2026)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        tx.next_case_sequence(court.id, "", "民初", 2026)
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        tx.next_case_sequence(court.id, "", "民终", 2026)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        tx.next_case_sequence(court.id, "", "民初", 2027)
            .await
            .unwrap(),
        1
    );
    let mut schedule = fayuan_core::fee::FeeSchedule::national();
    schedule.divorce.min = fayuan_core::money::Fen::yuan(100);
    tx.set_fee_schedule(court.id, Some(&schedule))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    {
        let mut tx = store.begin().await.unwrap();
        assert_eq!(
            tx.next_case_sequence(court.id, "", "民初", 2026)
                .await
                .unwrap(),
            3
        );
    }
    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.next_case_sequence(court.id, "", "民初", 2026)
            .await
            .unwrap(),
        3,
        "the rolled-back number is reissued"
    );
    assert_eq!(
        tx.court(court.id).await.unwrap().unwrap().fee_schedule,
        Some(schedule)
    );
    tx.set_fee_schedule(court.id, None).await.unwrap();
    assert_eq!(
        tx.court(court.id).await.unwrap().unwrap().fee_schedule,
        None
    );
}

on_both_backends!(
    case_sequences_and_fee_schedules,
    sequences_and_fee_schedules
);
on_both_backends!(accounts_round_trip, accounts_round_trip_and_logins);
on_both_backends!(duplicates, duplicates_name_the_field);
on_both_backends!(rollback, rollback_on_drop);
on_both_backends!(courts, courts_staff_and_roles);
on_both_backends!(sessions, sessions_expire_and_end);
on_both_backends!(throttling_and_codes, login_failures_and_codes);
on_both_backends!(audit, audit_chain_search_and_prune);
on_both_backends!(audit_concurrency, concurrent_appends_keep_one_chain);
on_both_backends!(sandbox, sandboxes);
on_both_backends!(migrations, migrations_are_idempotent);

/// A court, a litigant, a filing and the case docketed from it, committed.
async fn docketed_case(
    store: &Arc<dyn Store>,
) -> (
    fayuan_domain::docket::Case,
    AccountId,
    fayuan_core::id::FilingId,
) {
    use fayuan_domain::docket::{Case, CaseStatus};
    use fayuan_domain::filing::{
        FilingApplication, FilingCategory, FilingStatus, Party, PartyKind, PartyRole,
    };
    let court = Court {
        id: CourtId::new(),
        name: "示范市示范区人民法院".into(),
        level: CourtLevel::Basic,
        code: "京0199".into(),
        parent_id: None,
        fee_schedule: None,
    };
    let filer = account(AccountKind::Person, "13800000011");
    let party = |role, name: &str| Party {
        role,
        kind: PartyKind::Person,
        name: name.into(),
        id_number: None,
        address: "北京".into(),
        phone: None,
    };
    let filing = FilingApplication {
        id: fayuan_core::id::FilingId::new(),
        court_id: court.id,
        applicant_id: filer.id,
        filed_by_agent: false,
        category: FilingCategory::CivilFirstInstance,
        cause: "民间借贷纠纷".into(),
        procedure_requested: fayuan_core::time_limit::Procedure::CivilOrdinary,
        parties: vec![
            party(PartyRole::Plaintiff, "张三"),
            party(PartyRole::Defendant, "王五"),
        ],
        claims: vec![],
        facts: "借款未还".into(),
        materials: vec![],
        consents_to_mediation: false,
        status: FilingStatus::Docketed,
        submitted_at_us: Some(1),
        decision_note: String::new(),
        case_id: None,
        created_at_us: 1,
        electronic_delivery: None,
    };
    let case = Case {
        id: fayuan_core::id::CaseId::new(),
        court_id: court.id,
        case_number: format!("（2026）京0199民初{}号", court.id.0.as_u128() % 100_000),
        filing_id: filing.id,
        filer_id: filer.id,
        category: filing.category,
        cause: filing.cause.clone(),
        procedure: fayuan_core::time_limit::Procedure::CivilOrdinary,
        parties: filing.parties.clone(),
        claims: vec![],
        status: CaseStatus::Docketed,
        docketed_on: time::macros::date!(2026 - 11 - 27),
        division_id: None,
        judge_id: None,
        assignment_reason: String::new(),
        closure_mode: None,
        closed_on: None,
        fee_overdue: false,
        panel: vec![],
        participants: vec![],
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_court(&court).await.unwrap();
    tx.insert_account(&filer).await.unwrap();
    tx.insert_filing(&filing).await.unwrap();
    tx.insert_case(&case).await.unwrap();
    tx.commit().await.unwrap();
    (case, filer.id, filing.id)
}

fn material(
    kind: fayuan_domain::dossier::MaterialKind,
    by: AccountId,
    position: i64,
    sha256: &str,
) -> fayuan_domain::dossier::Material {
    fayuan_domain::dossier::Material {
        id: fayuan_core::id::MaterialId::new(),
        case_id: None,
        filing_id: None,
        kind,
        title: kind.label().into(),
        volume: kind.volume(),
        position,
        sha256: sha256.into(),
        sm3: "s".repeat(64),
        format: fayuan_domain::dossier::FileFormat::Jpeg,
        file_name: "a.jpg".into(),
        size_bytes: 10,
        pages: 1,
        pixels: Some((1240, 1754)),
        submitted_by: by,
        on_behalf_of: String::new(),
        channel: fayuan_domain::dossier::Channel::Online,
        submitted_at_us: position,
        ledger_index: Some(position),
    }
}

async fn dossier_rows(store: Arc<dyn Store>) {
    use fayuan_domain::docket::{Capacity, CaseParticipant};
    use fayuan_domain::dossier::{
        MaterialKind, ReadingPurpose, ReadingRequest, ReadingStatus, Volume,
    };
    use fayuan_domain::filing::PartyRole;
    use fayuan_domain::store::BlobRecord;
    let (mut case, filer, filing) = docketed_case(&store).await;
    let lawyer = account(AccountKind::Lawyer, "13800000012");
    let address = "a".repeat(64);
    let mut tx = store.begin().await.unwrap();
    tx.insert_account(&lawyer).await.unwrap();
    // Participants: the case is found for its agent, and reads back with them.
    case.participants.push(CaseParticipant {
        account_id: lawyer.id,
        side: PartyRole::Plaintiff,
        party_name: "张三".into(),
        capacity: Capacity::Agent,
    });
    tx.update_case(&case).await.unwrap();
    let found = tx.cases_of_litigant(lawyer.id).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].participants, case.participants);
    assert_eq!(tx.cases_of_litigant(filer).await.unwrap().len(), 1);

    // Blobs are recorded once, whatever the number of materials pointing at them.
    let blob = BlobRecord {
        sha256: address.clone(),
        sm3: "s".repeat(64),
        size_bytes: 10,
        created_at_us: 5,
    };
    tx.record_blob(&blob).await.unwrap();
    tx.record_blob(&blob).await.unwrap();
    assert_eq!(tx.blob(&address).await.unwrap(), Some(blob));
    assert_eq!(tx.blob_addresses().await.unwrap(), vec![address.clone()]);

    // A filing's material joins the case at docketing; positions and edits persist.
    let mut with_filing = material(MaterialKind::Complaint, filer, 1, &address);
    with_filing.filing_id = Some(filing);
    tx.insert_material(&with_filing).await.unwrap();
    assert_eq!(tx.materials_of_filing(filing).await.unwrap().len(), 1);
    assert_eq!(
        tx.attach_filing_materials(filing, case.id).await.unwrap(),
        1
    );
    let mut evidence = material(MaterialKind::Evidence, filer, 2, &address);
    evidence.case_id = Some(case.id);
    tx.insert_material(&evidence).await.unwrap();
    let mut secret = material(MaterialKind::Deliberation, filer, 1, &address);
    secret.case_id = Some(case.id);
    tx.insert_material(&secret).await.unwrap();
    tx.set_material_positions(&[(evidence.id, 1), (with_filing.id, 2)])
        .await
        .unwrap();
    let main = tx
        .materials_of_case(case.id, Some(Volume::Main))
        .await
        .unwrap();
    assert_eq!(
        main.iter().map(|m| m.id).collect::<Vec<_>>(),
        vec![evidence.id, with_filing.id]
    );
    assert_eq!(
        main[0],
        Material {
            position: 1,
            ..evidence.clone()
        }
    );
    assert_eq!(tx.materials_of_case(case.id, None).await.unwrap().len(), 3);
    assert_eq!(
        tx.materials_of_case(case.id, Some(Volume::Confidential))
            .await
            .unwrap(),
        vec![secret.clone()]
    );
    let mut renamed = evidence.clone();
    renamed.title = "借条".into();
    tx.update_material(&renamed).await.unwrap();
    assert_eq!(
        tx.material(evidence.id).await.unwrap().unwrap().title,
        "借条"
    );
    assert!(matches!(
        tx.set_material_positions(&[(fayuan_core::id::MaterialId::new(), 1)])
            .await,
        Err(DomainError::NotFound)
    ));

    // Reading applications.
    let mut reading = ReadingRequest {
        id: fayuan_core::id::ReadingRequestId::new(),
        case_id: case.id,
        applicant_id: lawyer.id,
        purpose: ReadingPurpose::Reading,
        reason: "准备开庭".into(),
        status: ReadingStatus::Pending,
        requested_at_us: 10,
        decided_by: None,
        decided_at_us: None,
        decision_note: String::new(),
        valid_until_us: None,
    };
    tx.insert_reading_request(&reading).await.unwrap();
    reading.approve(filer, 20, 3, "同意").unwrap();
    tx.update_reading_request(&reading).await.unwrap();
    assert_eq!(
        tx.reading_request(reading.id).await.unwrap(),
        Some(reading.clone())
    );
    assert_eq!(
        tx.reading_requests_of_case(case.id).await.unwrap(),
        vec![reading]
    );
    tx.commit().await.unwrap();
}
on_both_backends!(dossier_materials_and_reading, dossier_rows);

async fn evidence_rows(store: Arc<dyn Store>) {
    use fayuan_domain::evidence::{
        EvidenceExchange, EvidenceItem, Finding, Opinion, Position, Stance,
    };
    use fayuan_domain::filing::PartyRole;
    let (case, filer, _) = docketed_case(&store).await;
    let mut tx = store.begin().await.unwrap();
    let item = EvidenceItem {
        id: fayuan_core::id::EvidenceItemId::new(),
        case_id: case.id,
        submitted_by: filer,
        side: PartyRole::Plaintiff,
        party_name: "张三".into(),
        number: 1,
        name: "借条".into(),
        source: "原告".into(),
        purpose: "证明借款".into(),
        pages: "1".into(),
        material_id: None,
        submitted_at_us: 3,
        late: false,
    };
    tx.insert_evidence_item(&item).await.unwrap();
    assert_eq!(tx.evidence_item(item.id).await.unwrap(), Some(item.clone()));
    assert_eq!(
        tx.evidence_of_case(case.id).await.unwrap(),
        vec![item.clone()]
    );
    let exchange = EvidenceExchange {
        case_id: case.id,
        opened_by: filer,
        opened_at_us: 4,
        deadline_us: 100,
    };
    assert_eq!(tx.exchange(case.id).await.unwrap(), None);
    tx.insert_exchange(&exchange).await.unwrap();
    assert_eq!(tx.exchange(case.id).await.unwrap(), Some(exchange));
    let admit = Position {
        stance: Stance::Admit,
        reason: String::new(),
    };
    let mut opinion = Opinion {
        id: fayuan_core::id::OpinionId::new(),
        item_id: item.id,
        author_id: filer,
        side: PartyRole::Defendant,
        authenticity: admit.clone(),
        legality: admit.clone(),
        relevance: admit,
        recorded_at_us: 5,
        late: false,
    };
    tx.put_opinion(&opinion).await.unwrap();
    let first_id = opinion.id;
    opinion.id = fayuan_core::id::OpinionId::new();
    opinion.relevance = Position {
        stance: Stance::Dispute,
        reason: "无关".into(),
    };
    opinion.late = true;
    tx.put_opinion(&opinion).await.unwrap();
    let stored = tx.opinions_of_case(case.id).await.unwrap();
    assert_eq!(stored.len(), 1, "one opinion per author and item");
    assert_eq!(
        stored[0],
        Opinion {
            id: first_id,
            ..opinion
        }
    );
    let mut finding = Finding {
        item_id: item.id,
        judge_id: filer,
        authenticity: true,
        legality: true,
        relevance: false,
        reasoning: "无关".into(),
        recorded_at_us: 6,
    };
    tx.put_finding(&finding).await.unwrap();
    finding.relevance = true;
    tx.put_finding(&finding).await.unwrap();
    assert_eq!(tx.findings_of_case(case.id).await.unwrap(), vec![finding]);
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert!(matches!(
        tx.insert_exchange(&EvidenceExchange {
            case_id: case.id,
            opened_by: filer,
            opened_at_us: 7,
            deadline_us: 8,
        })
        .await,
        Err(DomainError::Conflict { .. })
    ));
}
on_both_backends!(evidence_exchange_rows, evidence_rows);

fn leaf(index: i64, subject: &str, content: &str) -> fayuan_domain::ledger::StoredLeaf {
    fayuan_domain::ledger::StoredLeaf {
        index,
        kind: fayuan_domain::ledger::EntryKind::MaterialDeposited,
        subject: subject.into(),
        content_sha256: content.into(),
        entry: format!("{{\"n\":{index}}}"),
        leaf_hash: format!("{index:064x}"),
        created_at_us: index,
    }
}

async fn ledger_rows(store: Arc<dyn Store>) {
    use fayuan_domain::ledger::{LedgerTree, StoredCheckpoint, WitnessedLog};
    // Concurrent appends take gap-free indexes in commit order.
    let mut tasks = Vec::new();
    for n in 0..12 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut tx = store.begin().await.unwrap();
            let index = tx.take_leaf_indexes(1).await.unwrap();
            let subject = format!("material:{}", n % 3);
            tx.insert_leaves(&[leaf(index, &subject, &"c".repeat(64))])
                .await
                .unwrap();
            tx.commit().await.unwrap();
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    // A rolled-back append gives its indexes back; a batch takes consecutive ones.
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.take_leaf_indexes(5).await.unwrap(), 12);
    drop(tx);
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.ledger_next_index().await.unwrap(), 12);
    assert_eq!(tx.take_leaf_indexes(2).await.unwrap(), 12);
    tx.insert_leaves(&[leaf(12, "material:x", "d"), leaf(13, "material:y", "d")])
        .await
        .unwrap();
    assert_eq!(tx.ledger_next_index().await.unwrap(), 14);
    assert_eq!(tx.leaves_by_content("d").await.unwrap().len(), 2);
    let all = tx.leaves(0, 100).await.unwrap();
    assert_eq!(
        all.iter().map(|l| l.index).collect::<Vec<_>>(),
        (0..14).collect::<Vec<_>>()
    );
    assert_eq!(all[13].subject, "material:y");
    assert_eq!(all[13].entry, "{\"n\":13}");
    assert_eq!(tx.leaves(10, 100).await.unwrap().len(), 4);
    assert_eq!(tx.leaf(5).await.unwrap().unwrap().index, 5);
    assert!(tx.leaf(14).await.unwrap().is_none());
    assert_eq!(
        tx.leaves_by_content(&"c".repeat(64)).await.unwrap().len(),
        12
    );
    assert_eq!(
        tx.leaves_by_leaf_hash(&format!("{:064x}", 7))
            .await
            .unwrap()[0]
            .index,
        7
    );

    // The tree row moves only from the size it had.
    let tree = tx.ledger_tree().await.unwrap();
    assert_eq!((tree.alg.as_str(), tree.size), ("", 0));
    let grown = LedgerTree {
        alg: "sha256".into(),
        size: 14,
        compact_range: "14:aa,bb".into(),
    };
    tx.set_ledger_tree(0, &grown).await.unwrap();
    assert!(matches!(
        tx.set_ledger_tree(0, &grown).await,
        Err(DomainError::Conflict { .. })
    ));
    assert_eq!(tx.ledger_tree().await.unwrap(), grown);

    // Nodes: kept once, read singly and by range.
    tx.put_nodes(&[(0, 0, "a".into()), (0, 1, "b".into()), (1, 0, "ab".into())])
        .await
        .unwrap();
    tx.put_nodes(&[(0, 0, "changed".into())]).await.unwrap();
    assert_eq!(tx.node(0, 0).await.unwrap().as_deref(), Some("a"));
    assert_eq!(tx.node(1, 0).await.unwrap().as_deref(), Some("ab"));
    assert!(tx.node(2, 0).await.unwrap().is_none());
    assert_eq!(tx.nodes(0, 0, 5).await.unwrap(), vec!["a", "b"]);

    // Checkpoints: every one kept, found by size, history pages.
    for size in [0, 4, 12] {
        tx.insert_checkpoint(&StoredCheckpoint {
            size,
            root: format!("root{size}"),
            note: format!("note{size}"),
            created_at_us: size,
        })
        .await
        .unwrap();
    }
    assert_eq!(tx.latest_checkpoint().await.unwrap().unwrap().size, 12);
    assert_eq!(tx.checkpoint(4).await.unwrap().unwrap().root, "root4");
    let sizes = |c: Vec<StoredCheckpoint>| c.iter().map(|c| c.size).collect::<Vec<_>>();
    assert_eq!(sizes(tx.checkpoints(None, 2).await.unwrap()), vec![12, 4]);
    assert_eq!(sizes(tx.checkpoints(Some(4), 10).await.unwrap()), vec![0]);
    assert_eq!(
        sizes(tx.checkpoints_from(4, 10).await.unwrap()),
        vec![4, 12]
    );

    // Witnessed logs advance only from the size recorded.
    let log = |size| WitnessedLog {
        origin: "peer/log".into(),
        size,
        root: "r".into(),
        note: "n".into(),
        updated_at_us: size,
    };
    assert!(tx.witnessed_log("peer/log").await.unwrap().is_none());
    tx.advance_witnessed_log(0, &log(3)).await.unwrap();
    assert!(matches!(
        tx.advance_witnessed_log(0, &log(5)).await,
        Err(DomainError::Conflict { .. })
    ));
    tx.advance_witnessed_log(3, &log(5)).await.unwrap();
    assert_eq!(tx.witnessed_log("peer/log").await.unwrap().unwrap().size, 5);
    tx.commit().await.unwrap();
}
on_both_backends!(ledger_leaves_tree_and_checkpoints, ledger_rows);

async fn job_claims(store: Arc<dyn Store>) {
    use fayuan_domain::jobs::{Job, JobStatus};
    let job = |run_at_us| Job {
        id: fayuan_core::id::JobId::new(),
        kind: "delivery_email".into(),
        payload: format!("{{\"due\":{run_at_us}}}"),
        run_at_us,
        attempts: 0,
        status: JobStatus::Pending,
        last_error: String::new(),
        created_at_us: run_at_us,
    };
    let mut tx = store.begin().await.unwrap();
    for at in [10, 20, 1_000] {
        tx.insert_job(&job(at)).await.unwrap();
    }
    let claimed = tx.claim_jobs(100, 500, 10).await.unwrap();
    assert_eq!(claimed.len(), 2, "the future one waits");
    assert!(
        claimed
            .iter()
            .all(|j| j.attempts == 1 && j.run_at_us == 500)
    );
    assert!(
        tx.claim_jobs(100, 500, 10).await.unwrap().is_empty(),
        "leased"
    );
    let again = tx.claim_jobs(500, 900, 1).await.unwrap();
    assert_eq!(
        (again.len(), again[0].attempts),
        (1, 2),
        "a lapsed lease is claimed again"
    );
    let mut done = again[0].clone();
    done.status = JobStatus::Done;
    tx.update_job(&done).await.unwrap();
    assert_eq!(tx.claim_jobs(2_000, 2_500, 10).await.unwrap().len(), 2);
    assert!(
        tx.claim_jobs(3_000, 3_500, 10).await.unwrap().len() == 2,
        "done jobs are not"
    );
    assert_eq!(
        tx.jobs_mentioning("delivery_email", "\"due\":1000")
            .await
            .unwrap()
            .len(),
        1
    );
    tx.commit().await.unwrap();
}

on_both_backends!(jobs_are_claimed_under_a_lease, job_claims);

/// A mediation of the docketed case's filing between its two parties, inviting.
fn mediation_of(
    case: &fayuan_domain::docket::Case,
    filer: AccountId,
    filing: fayuan_core::id::FilingId,
) -> fayuan_domain::mediation::Mediation {
    use fayuan_domain::filing::PartyRole;
    use fayuan_domain::mediation::{
        Confirmation, Consent, Mediation, MediationKind, MediationParty, MediationStatus,
    };
    let party = |side, name: &str, account, consent| MediationParty {
        side,
        name: name.into(),
        id_number: None,
        phone: None,
        account_id: account,
        consent,
        refusal_reason: String::new(),
        invitation_hash: String::new(),
        chosen_mediator: None,
    };
    Mediation {
        id: fayuan_core::id::MediationId::new(),
        court_id: case.court_id,
        number: "（2026）京0199民诉前调1号".into(),
        kind: MediationKind::PreFiling,
        status: MediationStatus::Inviting,
        filing_id: Some(filing),
        case_id: None,
        procedure: None,
        cause: case.cause.clone(),
        summary: "借款未还".into(),
        parties: vec![
            party(PartyRole::Plaintiff, "张三", Some(filer), Consent::Accepted),
            party(PartyRole::Defendant, "王五", None, Consent::Pending),
        ],
        mediator_id: None,
        accepted_at_us: None,
        answer_by: time::macros::date!(2026 - 12 - 02),
        started_on: None,
        deadline_on: None,
        extension: None,
        reminded: false,
        record: Vec::new(),
        sessions: Vec::new(),
        end_reason: None,
        end_note: String::new(),
        confirmation: Confirmation::default(),
        statement_id: None,
        created_by: filer,
        created_at_us: 1,
        ended_at_us: None,
    }
}

async fn mediation_rows(store: Arc<dyn Store>) {
    use fayuan_domain::mediation::roster::{
        Mediator, MediatorProfile, Organisation, OrganisationKind, RosterStatus,
    };
    use fayuan_domain::mediation::settlement::Settlement;
    use fayuan_domain::mediation::{MediationStatus, Message, Thread};
    let (case, filer, filing) = docketed_case(&store).await;
    let mediator = account(AccountKind::Person, "13800000012");
    let organisation = Organisation {
        id: fayuan_core::id::OrganisationId::new(),
        court_id: case.court_id,
        name: "示范区人民调解委员会".into(),
        kind: OrganisationKind::PeoplesCommittee,
        scope: "民间纠纷".into(),
        region: "示范区".into(),
        charges_fee: false,
        active: true,
        created_at_us: 1,
    };
    let mut entry = Mediator {
        account_id: mediator.id,
        court_id: case.court_id,
        organisation_id: Some(organisation.id),
        status: RosterStatus::Nominated,
        manages_organisation: false,
        profile: MediatorProfile::new(&["物业".into()], &[], &[], "").unwrap(),
        status_reason: String::new(),
        created_at_us: 1,
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_account(&mediator).await.unwrap();
    tx.insert_organisation(&organisation).await.unwrap();
    tx.commit().await.unwrap();
    // A second organisation of the same name at the court (its own transaction: PostgreSQL
    // aborts a transaction after a failed statement).
    let mut tx = store.begin().await.unwrap();
    assert!(matches!(
        tx.insert_organisation(&Organisation {
            id: fayuan_core::id::OrganisationId::new(),
            ..organisation.clone()
        })
        .await,
        Err(DomainError::Conflict { .. })
    ));
    drop(tx);
    let mut tx = store.begin().await.unwrap();
    tx.put_mediator(&entry).await.unwrap();
    entry.status = RosterStatus::Active;
    tx.put_mediator(&entry).await.unwrap();
    assert_eq!(
        tx.mediator(case.court_id, mediator.id).await.unwrap(),
        Some(entry.clone())
    );
    assert_eq!(tx.mediators(Some(case.court_id)).await.unwrap().len(), 1);
    assert_eq!(tx.roster_entries(mediator.id).await.unwrap(), vec![entry]);
    assert_eq!(tx.organisations(None).await.unwrap(), vec![organisation]);

    let mut m = mediation_of(&case, filer, filing);
    tx.insert_mediation(&m).await.unwrap();
    assert_eq!(tx.mediation(m.id).await.unwrap(), Some(m.clone()));
    assert_eq!(
        tx.mediation_of_filing(filing).await.unwrap().map(|x| x.id),
        Some(m.id)
    );
    assert!(
        tx.mediations_of_account(mediator.id)
            .await
            .unwrap()
            .is_empty()
    );
    m.mediator_id = Some(mediator.id);
    m.status = MediationStatus::InProgress;
    tx.update_mediation(&m).await.unwrap();
    assert_eq!(
        tx.mediations_of_account(mediator.id).await.unwrap(),
        vec![m.clone()]
    );
    assert_eq!(tx.mediations_of_account(filer).await.unwrap().len(), 1);
    assert_eq!(
        tx.mediations_of_court(case.court_id).await.unwrap().len(),
        1
    );
    assert_eq!(tx.open_mediations().await.unwrap().len(), 1);

    let message = |thread, body: &str| Message {
        id: fayuan_core::id::MessageId::new(),
        mediation_id: m.id,
        seq: 0,
        thread,
        author_id: filer,
        author: "申请人 张三".into(),
        body: body.into(),
        sent_at_us: 2,
    };
    assert_eq!(
        tx.insert_message(&message(Thread::Main, "一"))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        tx.insert_message(&message(Thread::CaucusDefendant, "二"))
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        tx.insert_message(&message(Thread::Main, "三"))
            .await
            .unwrap(),
        3
    );
    let main = tx.messages(m.id, &[Thread::Main], 0, 10).await.unwrap();
    assert_eq!(
        main.iter().map(|x| x.body.as_str()).collect::<Vec<_>>(),
        ["一", "三"]
    );
    let after = tx
        .messages(m.id, &[Thread::Main, Thread::CaucusDefendant], 1, 10)
        .await
        .unwrap();
    assert_eq!(after.iter().map(|x| x.seq).collect::<Vec<_>>(), [2, 3]);
    assert_eq!(
        tx.messages(m.id, &[Thread::CaucusPlaintiff], 0, 10)
            .await
            .unwrap(),
        vec![]
    );
    assert_eq!(
        tx.messages(m.id, &[Thread::Main], 0, 1)
            .await
            .unwrap()
            .len(),
        1
    );

    let mut settlement = Settlement::draft(&m, 3);
    tx.put_settlement(&settlement).await.unwrap();
    settlement.edit(vec!["一、还款。".into()], 4).unwrap();
    tx.put_settlement(&settlement).await.unwrap();
    assert_eq!(tx.settlement(m.id).await.unwrap(), Some(settlement));
    m.status = MediationStatus::Settled;
    tx.update_mediation(&m).await.unwrap();
    assert!(tx.open_mediations().await.unwrap().is_empty());
    tx.commit().await.unwrap();
}

on_both_backends!(mediations_roster_messages_and_settlements, mediation_rows);

/// Sent messages cannot be changed or deleted, even with SQL (Rules art. 16).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mediation_messages_are_immutable_in_the_database() {
    use fayuan_domain::mediation::{Message, Thread};
    async fn one_message(store: &Arc<dyn Store>) {
        let (case, filer, filing) = docketed_case(store).await;
        let m = mediation_of(&case, filer, filing);
        let mut tx = store.begin().await.unwrap();
        tx.insert_mediation(&m).await.unwrap();
        tx.insert_message(&Message {
            id: fayuan_core::id::MessageId::new(),
            mediation_id: m.id,
            seq: 0,
            thread: Thread::Main,
            author_id: filer,
            author: "申请人 张三".into(),
            body: "原话".into(),
            sent_at_us: 1,
        })
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }
    let (store, dir) = fayuan_store_tests::sqlite().await;
    one_message(&store).await;
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}/fayuan.db", dir.path.display()))
        .await
        .unwrap();
    for sql in [
        "UPDATE mediation_messages SET body = '改过'",
        "DELETE FROM mediation_messages",
    ] {
        let refused = sqlx::query(sql).execute(&pool).await;
        assert!(refused.is_err(), "sqlite allowed {sql}");
    }
    if let Some((store, url)) = fayuan_store_tests::postgres().await {
        one_message(&store).await;
        let pool = sqlx::PgPool::connect(&url).await.unwrap();
        for sql in [
            "UPDATE mediation_messages SET body = '改过'",
            "DELETE FROM mediation_messages",
        ] {
            let refused = sqlx::query(sql).execute(&pool).await;
            assert!(refused.is_err(), "postgres allowed {sql}");
        }
    }
}
