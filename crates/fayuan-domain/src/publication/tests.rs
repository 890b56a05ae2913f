//! Worked examples of the whole masking: decision, names and personal information together.

use super::*;

fn person(name: &str, role: Role) -> Person {
    Person {
        name: name.into(),
        role,
        minor: false,
        ethnic_minority: false,
        foreign: false,
        latin_name: false,
        organization: false,
        lawyer: false,
        represents: None,
    }
}

fn case(case_type: CaseType, cause: &str, people: Vec<Person>) -> CaseRecord {
    CaseRecord {
        case_number: "（2026）京0105民初1号".into(),
        court: "北京市朝阳区人民法院".into(),
        date: "2026-05-20".into(),
        people,
        ..CaseRecord::new(case_type, cause)
    }
}

#[test]
fn art_4_refusals_in_order_with_the_art_6_stub() {
    let mut c = case(CaseType::Civil, "离婚纠纷", vec![]);
    let refusal = mask(&c, "……").unwrap_err();
    assert_eq!(refusal.citation(), "不予公开：第四条第（四）项");
    assert!(refusal.stub(&c).contains("案号：（2026）京0105民初1号"));
    assert!(refusal.stub(&c).contains("审理法院：北京市朝阳区人民法院"));
    c.closure = Closure::Mediation;
    assert_eq!(mask(&c, "").unwrap_err().item, 3);
    c.state_secret = true;
    assert_eq!(mask(&c, "").unwrap_err().item, 1);
    let mut minor = person("小明", Role::CriminalDefendant);
    minor.minor = true;
    let c = case(CaseType::Criminal, "盗窃罪", vec![minor]);
    assert_eq!(
        mask(&c, "").unwrap_err().citation(),
        "不予公开：第四条第（二）项"
    );
    let mut c = case(CaseType::Administrative, "行政补偿", vec![]);
    c.document = DocumentType::MediationStatement;
    c.closure = Closure::Mediation;
    assert!(mask(&c, "行政调解书").is_ok(), "art. 3 (九) publishes it");
    let mut c = case(CaseType::Civil, "民间借贷纠纷", vec![]);
    c.withheld_reason = Some("涉及商业秘密".into());
    let refusal = mask(&c, "").unwrap_err();
    assert_eq!((refusal.item, refusal.reason.as_str()), (5, "涉及商业秘密"));
    for cause in ["抚养费纠纷", "监护权纠纷", "探望权纠纷"] {
        assert_eq!(
            mask(&case(CaseType::Civil, cause, vec![]), "")
                .unwrap_err()
                .item,
            4
        );
    }
}

#[test]
fn family_parties_are_pseudonymised_and_collisions_numbered_everywhere() {
    let c = case(
        CaseType::Civil,
        "法定继承纠纷",
        vec![
            person("张三丰", Role::Plaintiff),
            person("张翠山", Role::Defendant),
            person("欧阳明", Role::ThirdParty),
        ],
    );
    let text = "张三丰与张翠山、欧阳明法定继承纠纷一审民事判决书\n原告张三丰，男，1950年1月1日出生，汉族，住湖北省武汉市江岸区中山大道1号。\n被告张翠山，男。第三人欧阳明，女。\n张某某称，三丰之父生前立有遗嘱。";
    let masked = mask(&c, text).unwrap();
    assert_eq!(
        masked.text,
        "张某1与张某2、欧阳某法定继承纠纷一审民事判决书\n原告张某1，男，1950年1月1日出生，汉族，住湖北省武汉市江岸区。\n被告张某2，男。第三人欧阳某，女。\n张某某称，张某1之父生前立有遗嘱。"
    );
    assert!(masked.changes.iter().any(|c| c.rule == Rule::Address));
}

#[test]
fn criminal_cases_protect_victims_witnesses_and_guardians_but_not_defendants() {
    let mut guardian = person("刘大伟", Role::LegalRepresentative);
    guardian.represents = Some("刘小军".into());
    let mut child = person("刘小军", Role::Victim);
    child.minor = true;
    let mut uyghur = person("阿不都热合曼", Role::Witness);
    uyghur.ethnic_minority = true;
    let mut foreigner = person("John Smith", Role::Appraiser);
    foreigner.latin_name = true;
    let mut lawyer = person("孙律", Role::Defender);
    lawyer.lawyer = true;
    let c = case(
        CaseType::Criminal,
        "故意伤害罪",
        vec![
            person("王强", Role::CriminalDefendant),
            child,
            guardian,
            uyghur,
            foreigner,
            lawyer,
        ],
    );
    let text = "被告人王强殴打被害人刘小军，被害人的法定代理人刘大伟报警。证人阿不都热合曼、李小红的证言，鉴定人John Smith的鉴定意见。辩护人孙律，北京某律师事务所律师，执业证号11101201010123456。";
    let masked = mask(&c, text).unwrap();
    assert_eq!(
        masked.text,
        "被告人王强殴打被害人刘某1，被害人的法定代理人刘某2报警。证人阿某、李某的证言，鉴定人J的鉴定意见。辩护人孙律，北京某律师事务所律师，执业证号11101201010123456。"
    );
}

#[test]
fn other_civil_parties_keep_their_names_and_lose_their_numbers() {
    let c = case(
        CaseType::Civil,
        "民间借贷纠纷",
        vec![
            person("赵六", Role::Plaintiff),
            person("钱七", Role::Defendant),
        ],
    );
    let text = "原告赵六，男，1980年3月5日出生，汉族，住北京市朝阳区建国路88号，公民身份号码110105198003051234，联系电话13912345678。被告钱七向原告借款，约定汇入赵六尾号为6222021234567890173的账户。";
    let masked = mask(&c, text).unwrap();
    assert_eq!(
        masked.text,
        "原告赵六，男，1980年3月5日出生，汉族，住北京市朝阳区。被告钱七向原告借款，约定汇入赵六尾号为62×××73的账户。"
    );
    assert_eq!(masked.changes.len(), 4);
}
