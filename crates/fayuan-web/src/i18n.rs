//! Languages of the pages: Chinese first (zh-CN), English second. Texts are looked up by key;
//! a key missing in English falls back to Chinese.

/// A page language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// 简体中文 (default).
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The language chosen by the `fy_lang` cookie (Chinese unless it says `en`).
    pub fn from_cookie(value: Option<&str>) -> Lang {
        match value {
            Some("en") => Lang::En,
            _ => Lang::Zh,
        }
    }

    /// The `lang` attribute of `<html>`.
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The text for `key`.
    pub fn t(self, key: &str) -> &'static str {
        match TEXTS.iter().find(|(k, _, _)| *k == key) {
            Some((_, zh, en)) => match self {
                Lang::Zh => zh,
                Lang::En => en,
            },
            None => "",
        }
    }
}

/// key, 中文, English.
const TEXTS: &[(&str, &str, &str)] = &[
    (
        "site.title",
        "人民法院在线服务",
        "People's Court Online Services",
    ),
    ("site.court_system", "智慧法院", "Smart Court"),
    ("nav.home", "首页", "Home"),
    ("nav.login", "登录", "Log in"),
    ("nav.register", "注册", "Register"),
    ("nav.account", "我的账户", "My account"),
    ("nav.logout", "退出", "Log out"),
    ("nav.workbench", "工作台", "Workbench"),
    ("nav.api", "开放接口", "API"),
    ("nav.switch_lang", "English", "中文"),
    (
        "portal.lead",
        "一网通办、一站通办：在线调解、立案、交费、庭审、送达、执行与司法公开的统一入口（《人民法院在线运行规则》第五条）。",
        "One portal for online mediation, filing, fees, hearings, delivery, enforcement and judicial openness (Rules art. 5).",
    ),
    ("portal.services", "在线服务", "Online services"),
    ("portal.openness", "司法公开", "Judicial openness"),
    (
        "portal.support",
        "诉讼服务与核验",
        "Support and verification",
    ),
    ("portal.available", "可用", "Available"),
    ("portal.building", "建设中", "Under construction"),
    ("portal.courts", "法院名录", "Court directory"),
    ("login.title", "登录", "Log in"),
    (
        "login.login",
        "手机号 / 邮箱 / 证件号码 / 用户名",
        "Phone / e-mail / ID number / username",
    ),
    ("login.password", "密码", "Password"),
    (
        "login.totp",
        "动态验证码（法院工作人员必填）",
        "One-time code (required for court staff)",
    ),
    ("login.submit", "登录", "Log in"),
    ("login.forgot", "忘记密码", "Forgot password"),
    (
        "register.title",
        "注册账号（实名认证）",
        "Register (real-name verification)",
    ),
    ("register.kind", "账号类型", "Account type"),
    ("register.person", "自然人", "Natural person"),
    ("register.organisation", "法人或非法人组织", "Organisation"),
    ("register.lawyer", "律师", "Lawyer"),
    ("register.name", "姓名或名称", "Name"),
    (
        "register.id_number",
        "公民身份号码（自然人、律师）",
        "Citizen ID number (persons, lawyers)",
    ),
    (
        "register.uscc",
        "统一社会信用代码（组织）",
        "Unified social credit code (organisations)",
    ),
    (
        "register.legal_representative",
        "法定代表人（组织）",
        "Legal representative (organisations)",
    ),
    (
        "register.licence_number",
        "律师执业证号（律师）",
        "Practising licence number (lawyers)",
    ),
    (
        "register.law_firm",
        "所属律师事务所（律师）",
        "Law firm (lawyers)",
    ),
    ("register.phone", "手机号码", "Mobile phone"),
    ("register.email", "电子邮箱（可选）", "E-mail (optional)"),
    (
        "register.password",
        "密码（至少10位，含三类字符）",
        "Password (10+ characters, 3 character classes)",
    ),
    ("register.submit", "注册并实名认证", "Register and verify"),
    (
        "register.privacy",
        "您的身份信息仅用于实名认证，依法保护（《个人信息保护法》）。",
        "Your identity data is used only for verification and protected by law (PIPL).",
    ),
    ("account.title", "我的账户", "My account"),
    ("account.kind", "账号类型", "Account type"),
    ("account.name", "姓名或名称", "Name"),
    ("account.verification", "实名认证", "Identity verification"),
    ("account.id", "证件号码", "ID number"),
    ("account.phone", "手机号码", "Phone"),
    ("account.roles", "角色", "Roles"),
    ("account.change_password", "修改密码", "Change password"),
    ("account.current_password", "当前密码", "Current password"),
    ("account.new_password", "新密码", "New password"),
    ("account.submit_password", "修改", "Change"),
    (
        "account.filing_needs_verification",
        "完成实名认证后方可在线立案。",
        "Verification is required before filing online.",
    ),
    ("reset.title", "重置密码", "Reset password"),
    ("reset.send", "发送验证码", "Send code"),
    (
        "reset.sent",
        "如账号存在，验证码已发送至注册手机号。",
        "If the account exists, a code was sent to its phone.",
    ),
    ("reset.code", "短信验证码", "SMS code"),
    ("reset.submit", "重置", "Reset"),
    (
        "reset.done",
        "密码已重置，请重新登录。",
        "Password reset. Please log in.",
    ),
    ("staff.title", "法院工作台", "Court workbench"),
    ("staff.admin", "系统管理", "Administration"),
    ("staff.courts", "法院与部门", "Courts and divisions"),
    ("staff.staff", "人员与角色", "Staff and roles"),
    ("staff.audit", "审计日志", "Audit log"),
    ("staff.sms", "短信沙箱", "SMS sandbox"),
    ("staff.my_work", "我的工作", "My work"),
    (
        "docket.done_extension_requested",
        "延长审限申请已提交院长审批。",
        "The extension request was sent to the president.",
    ),
    (
        "docket.done_extension_decided",
        "已审批延长审限申请。",
        "The extension request was decided.",
    ),
    (
        "docket.done_relief_decided",
        "已审查司法救助申请。",
        "The judicial-aid application was decided.",
    ),
    (
        "docket.done_archived",
        "案件已归档。",
        "The case was archived.",
    ),
    (
        "docket.done_suspension",
        "不计入审限的期间已记录。",
        "The period not counted was recorded.",
    ),
    (
        "docket.suspensions",
        "不计入审限的期间",
        "Periods not counted",
    ),
    ("docket.extensions", "延长审限", "Time-limit extensions"),
    ("docket.time_limits", "审限预警", "Time limits"),
    (
        "fees.relief_applied",
        "司法救助申请已提交，请等待法院审查。",
        "The judicial-aid application was filed.",
    ),
    (
        "fees.relief",
        "司法救助（缓交、减交、免交）",
        "Judicial aid (deferral, reduction, waiver)",
    ),
    ("error.title", "出错了", "Something went wrong"),
    ("error.back", "返回首页", "Back to home"),
    ("common.save", "保存", "Save"),
    ("common.create", "新建", "Create"),
    ("common.search", "查询", "Search"),
    ("common.sandbox", "沙箱", "Sandbox"),
    ("common.login_first", "请先登录", "Please log in first"),
    (
        "common.login_first_text",
        "办理该项在线服务需要先登录已实名认证的账号。还没有账号的，请先注册。",
        "This online service needs a verified account. Please log in, or register first.",
    ),
    ("filing.new", "我要立案", "File a case"),
    ("filing.mine", "我的立案", "My filings"),
    ("filing.one", "立案申请", "Filing application"),
    (
        "filing.none",
        "您还没有立案申请。",
        "You have no filing applications yet.",
    ),
    ("filing.view", "查看", "View"),
    ("filing.edit", "修改", "Edit"),
    ("filing.status", "申请状态", "Status"),
    (
        "filing.correction_note",
        "法院要求补正",
        "Correction requested by the court",
    ),
    (
        "filing.refusal_reasons",
        "不予受理的理由",
        "Reasons for refusal",
    ),
    ("filing.decision", "法院决定", "Court's decision"),
    (
        "filing.missing",
        "尚缺以下内容，补齐后方可提交：",
        "Still missing before submission:",
    ),
    (
        "filing.complete",
        "申请内容已齐全，可以提交。",
        "The application is complete and can be submitted.",
    ),
    ("filing.steps", "填写步骤", "Steps"),
    ("filing.step_court", "法院与类别", "Court and category"),
    ("filing.step_parties", "当事人", "Parties"),
    ("filing.step_claims", "诉讼请求", "Claims"),
    ("filing.step_facts", "事实与理由", "Facts and reasons"),
    ("filing.step_materials", "材料", "Materials"),
    ("filing.step_confirm", "确认", "Confirm"),
    ("filing.save", "保存草稿", "Save draft"),
    ("filing.submit", "提交", "Submit"),
    ("filing.saved", "草稿已保存。", "Draft saved."),
    (
        "filing.saved_not_submitted",
        "草稿已保存，但尚未提交。",
        "The draft was saved but not submitted.",
    ),
    (
        "filing.submitted",
        "立案申请已提交，法院将在七日内作出是否立案的决定，结果会发送到您的消息。",
        "Submitted. The court decides within seven days; the outcome arrives in your messages.",
    ),
    ("cases.mine", "我的案件", "My cases"),
    ("cases.view", "查看案件", "View case"),
    ("cases.none", "暂无案件。", "No cases yet."),
    ("cases.timeline", "案件进程", "Progress"),
    ("cases.time_limit", "审限", "Trial time limit"),
    ("cases.fees", "诉讼费用", "Court fees"),
    ("fees.pay", "去交费", "Pay now"),
    ("fees.paid_done", "交费成功。", "Payment received."),
    (
        "fees.abandoned",
        "已放弃支付，费用仍待交纳，可重新交费。",
        "Payment abandoned; the fee is still due and can be paid again.",
    ),
    ("sandbox.title", "模拟银行", "Simulated bank"),
    (
        "sandbox.explain",
        "这是沙箱支付页面，模拟银行收款，不发生真实扣款。确认后，沙箱按真实支付机构的方式向法院发送签名的支付结果通知。",
        "This sandbox page simulates the bank; no real money moves. It notifies the court with a signed callback, as a real payment provider would.",
    ),
    ("sandbox.pay", "确认支付", "Confirm payment"),
    ("sandbox.abandon", "放弃支付", "Abandon payment"),
    (
        "sandbox.settled",
        "该笔支付已处理。",
        "This payment has been settled.",
    ),
    ("sandbox.back", "返回案件", "Back to the case"),
    ("review.title", "立案审查", "Filing review"),
    (
        "review.empty",
        "没有待审查的立案申请。",
        "No applications are waiting for review.",
    ),
    ("review.overdue", "已超期", "Overdue"),
    ("review.open", "审查", "Review"),
    ("review.one", "审查立案申请", "Review a filing application"),
    ("review.result", "立案结果", "Docketing result"),
    ("review.decide", "审查决定", "Decision"),
    ("review.docket", "登记立案", "Docket"),
    ("review.correct", "补正", "Request correction"),
    ("review.refuse", "不予受理", "Refuse"),
    (
        "review.divert",
        "诉前调解分流",
        "Divert to pre-filing mediation",
    ),
    (
        "review.done_docketed",
        "已登记立案，交费通知已发送申请人。",
        "Docketed; the fee notice was sent to the applicant.",
    ),
    (
        "review.done_correction",
        "已通知申请人补正。",
        "The applicant was asked to correct the application.",
    ),
    (
        "review.done_refused",
        "已作出不予受理决定并通知申请人。",
        "Refused; the applicant was told.",
    ),
    (
        "review.done_diverted",
        "已分流至诉前调解并通知申请人。",
        "Diverted to pre-filing mediation; the applicant was told.",
    ),
    ("docket.title", "审判案件", "Cases"),
    ("docket.open", "打开案件", "Open the case"),
    ("docket.actions", "案件操作", "Case actions"),
    ("docket.assign", "自动分案", "Assign automatically"),
    ("docket.reassign", "改分", "Reassign"),
    ("docket.close", "结案", "Close the case"),
    ("docket.done_assigned", "已分案。", "Assigned."),
    ("docket.done_reassigned", "已改分。", "Reassigned."),
    ("docket.done_closed", "已结案。", "Closed."),
    ("inbox.title", "消息", "Messages"),
    ("inbox.empty", "暂无消息。", "No messages."),
    ("inbox.unread", "未读", "Unread"),
    ("inbox.open", "查看详情", "Open"),
    ("inbox.mark_read", "标为已读", "Mark as read"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_both_languages_and_is_unique() {
        for (i, (key, zh, en)) in TEXTS.iter().enumerate() {
            assert!(!zh.is_empty() && !en.is_empty(), "{key}");
            assert!(
                TEXTS[..i].iter().all(|(k, _, _)| k != key),
                "duplicate {key}"
            );
        }
        assert_eq!(Lang::Zh.t("site.title"), "人民法院在线服务");
        assert_eq!(Lang::En.t("nav.home"), "Home");
    }
}
