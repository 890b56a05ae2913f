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
    ("common.lparen", "（", " ("),
    ("common.rparen", "）", ")"),
    (
        "field.uscc",
        "统一社会信用代码",
        "Unified social credit code",
    ),
    ("field.law_firm", "律师事务所", "Law firm"),
    ("common.list_sep", "、", ", "),
    (
        "api.doc",
        "机器可读的 OpenAPI 3.1 文档：",
        "Machine-readable OpenAPI 3.1 document: ",
    ),
    ("api.intro_first", "。先调用 ", ". First call "),
    (
        "api.intro_token",
        " 取得令牌，再以 ",
        " to get a token, then call the other endpoints with ",
    ),
    (
        "api.intro_errors",
        " 调用其余接口。错误以 RFC 9457 ",
        ". Errors come as RFC 9457 ",
    ),
    ("api.intro_code", " 返回，", " with a stable "),
    ("api.intro_stable", " 字段稳定。", " field."),
    ("api.method", "方法", "Method"),
    ("api.path", "路径", "Path"),
    ("api.description", "说明", "Description"),
    ("api.secured", "需登录", "Login required"),
    ("common.yes", "是", "Yes"),
    ("common.no", "否", "No"),
    ("nav.skip", "跳到正文 / Skip to content", "Skip to content"),
    (
        "site.footer",
        "依据《人民法院在线运行规则》（法发〔2022〕8号）建设",
        "Built on the Rules for the Online Operation of People's Courts (Fa Fa [2022] No. 8)",
    ),
    (
        "fees.none",
        "本案无须预交诉讼费用。",
        "No fees are payable in advance in this case.",
    ),
    ("fees.notice", "交费通知", "Fee notice"),
    ("fees.item", "项目", "Item"),
    ("fees.explanation", "计算说明", "How it is computed"),
    ("field.amount_yuan", "金额（元）", "Amount (yuan)"),
    ("fees.total", "合计", "Total"),
    ("fees.due", "交费期限：", "Pay by: "),
    ("fees.due_before", "前", " at the latest"),
    ("field.status_colon", "状态：", "Status: "),
    ("fees.relief_kind", "申请事项", "Application for"),
    ("fees.deferral", "缓交（第四十七条）", "Deferral (art. 47)"),
    (
        "fees.reduction",
        "减交（第四十六条，不低于30%）",
        "Reduction (art. 46, at least 30%)",
    ),
    (
        "fees.waiver",
        "免交（第四十五条，仅限自然人）",
        "Waiver (art. 45, natural persons only)",
    ),
    (
        "fees.percent",
        "减交比例（%，仅减交填写）",
        "Reduction in % (reductions only)",
    ),
    (
        "fees.grounds",
        "事由及所依据的情形",
        "Circumstances and the ground relied on",
    ),
    (
        "common.submit_application",
        "提交申请",
        "Submit application",
    ),
    ("common.colon", "：", ": "),
    (
        "fees.decision_note",
        "审查意见（不予批准的须写明理由）",
        "Decision (reasons required when refusing)",
    ),
    ("fees.grant", "准予", "Grant"),
    ("fees.refuse", "不予准许", "Refuse"),
    ("fees.refunds", "退费", "Refunds"),
    ("fees.yuan", "元", " yuan"),
    ("field.case_number", "案号", "Case number"),
    ("field.category", "立案类别", "Filing category"),
    ("field.cause", "案由", "Cause of action"),
    ("field.procedure", "审理程序", "Procedure"),
    ("field.case_status", "案件状态", "Case status"),
    (
        "cases.fee_overdue_long",
        "逾期未交费，按撤诉处理审查",
        "Fee unpaid after its period: under review for deemed withdrawal",
    ),
    ("field.judge", "承办法官", "Judge in charge"),
    ("cases.bench", "审判组织", "Bench"),
    ("cases.docketed", "登记立案", "Docketed"),
    ("cases.assigned", "分案：", "Assigned: "),
    ("cases.unassigned", "待分案", "Awaiting assignment"),
    ("cases.closed", "结案", "Closed"),
    ("cases.not_closed", "未结案", "Not closed"),
    ("field.parties", "当事人", "Parties"),
    ("field.claims", "诉讼请求", "Claims"),
    ("cases.deadline_colon", "审限届满日：", "Time limit ends: "),
    ("common.comma", "，", ", "),
    ("cases.over_by", "已超过", "over by "),
    ("cases.days", "天", " days"),
    ("cases.remaining", "剩余", "remaining "),
    ("field.status", "状态", "Status"),
    ("field.docketed_on", "立案日期", "Docketed on"),
    ("field.fee_overdue", "逾期未交费", "Fee overdue"),
    ("sandbox.payment_id", "支付单号", "Payment number"),
    ("field.division", "部门", "Division"),
    ("field.type", "类型", "Type"),
    ("courts.courtrooms", "法庭：", "Courtrooms: "),
    ("courts.tech_paren", "（科技法庭）", " (tech courtroom)"),
    (
        "docket.list_lead",
        "审限届满前十五日内标注“临近”，超过审限标注“超审限”。",
        "Cases within 15 days of their time limit are marked near; cases past it are marked over.",
    ),
    ("field.deadline", "审限届满日", "Time limit ends"),
    ("field.days_left", "剩余天数", "Days left"),
    (
        "docket.assign_hint",
        "按本院分案规则，分配给审理该类案件部门中在办案件最少（或随机）的法官，分案理由记入案件和审计日志。",
        "Assigned by the court's rule to the judge with the fewest open cases (or at random) in the division hearing such cases; the reason is recorded in the case and the audit log.",
    ),
    ("docket.reassign_to", "改分给", "Reassign to"),
    (
        "docket.reassign_reason",
        "改分理由",
        "Reason for reassignment",
    ),
    ("docket.closure_mode", "结案方式", "Closure mode"),
    ("docket.archive", "归档", "Archive"),
    (
        "docket.archive_hint",
        "将已结案件转为电子档案（第三十二条）。",
        "Turns the closed case into an electronic archive (Rules art. 32).",
    ),
    ("common.none", "无。", "None."),
    ("field.ground", "事由", "Ground"),
    ("field.from", "起", "From"),
    ("field.until", "止", "Until"),
    ("docket.note", "说明", "Note"),
    ("docket.ongoing", "进行中", "ongoing"),
    ("docket.end_date", "截止日", "Last day"),
    ("docket.end", "结束", "End"),
    (
        "docket.record_suspension",
        "记录不计入审限的期间",
        "Record a period not counted",
    ),
    (
        "docket.suspension_hint",
        "公告、鉴定、和解、审理管辖异议等期间不计入审限（《民事诉讼法解释》第二百四十三条）。",
        "Periods of public notice, appraisal, settlement, jurisdiction objections and the like are not counted in the time limit (Civil Procedure Law Interpretation art. 243).",
    ),
    (
        "docket.start_date",
        "起始日（YYYY-MM-DD）",
        "First day (YYYY-MM-DD)",
    ),
    (
        "docket.end_date_optional",
        "截止日（尚未结束的留空）",
        "Last day (leave empty while it lasts)",
    ),
    ("docket.record", "记录", "Record"),
    (
        "docket.no_extensions",
        "尚无延长审限申请。",
        "No extension requests yet.",
    ),
    ("docket.requested_on", "申请日期", "Requested on"),
    ("docket.length", "延长", "Extension"),
    ("field.reason", "理由", "Reason"),
    ("docket.decision_note", "审批意见", "Decision note"),
    ("docket.approve", "批准", "Approve"),
    ("docket.reject", "不予批准", "Refuse"),
    (
        "docket.request_extension",
        "申请延长审限",
        "Request an extension",
    ),
    (
        "docket.extension_hint",
        "应当在审限届满十五日以前提出，由院长批准（最高人民法院2019年规定第一条）。",
        "Must be requested at least 15 days before the limit expires; the court president decides (SPC 2019 rules art. 1).",
    ),
    ("docket.months", "延长月数", "Months"),
    ("docket.days", "延长日数", "Days"),
    (
        "docket.tl_lead",
        "审理中的案件：距审限届满不足15日的为“临近”，已超过的为“超审限”。",
        "Open cases: those with fewer than 15 days left are near their limit; those past it are over.",
    ),
    (
        "docket.pending_extensions",
        "待审批的延长审限申请",
        "Extension requests awaiting approval",
    ),
    (
        "docket.requested_extension",
        "申请延长",
        "asks to extend by ",
    ),
    (
        "filing.no_claims",
        "（未填写诉讼请求）",
        "(no claims entered)",
    ),
    ("field.seq", "序号", "No."),
    ("field.claim_text", "请求内容", "Claim"),
    ("field.category_short", "类别", "Category"),
    ("field.submitted", "提交时间", "Submitted"),
    ("field.actions", "操作", "Actions"),
    ("filing.no_cause", "（未填写案由）", "(no cause entered)"),
    (
        "filing.no_parties",
        "（未填写当事人）",
        "(no parties entered)",
    ),
    ("field.party_role", "诉讼地位", "Role"),
    ("field.party_name", "姓名或名称", "Name"),
    ("field.address", "送达地址", "Delivery address"),
    ("field.court_accepting", "受理法院", "Court"),
    (
        "field.procedure_requested",
        "申请适用的程序",
        "Procedure requested",
    ),
    ("field.mediation", "诉前调解", "Pre-filing mediation"),
    ("filing.agree", "同意", "Agreed"),
    ("filing.disagree", "不同意", "Not agreed"),
    ("field.facts", "事实与理由", "Facts and reasons"),
    ("field.materials", "材料", "Materials"),
    (
        "field.no_materials",
        "（未列明材料）",
        "(no materials listed)",
    ),
    (
        "wizard.lead",
        "依照《人民法院在线运行规则》第十七条在线提交立案申请。可先保存草稿，材料齐全后提交；法院将在七日内作出是否立案的决定。",
        "File online under Rules art. 17. Save a draft first and submit once everything is there; the court decides within seven days whether to docket.",
    ),
    (
        "wizard.cause_example",
        "如：民间借贷纠纷",
        "e.g. private lending dispute",
    ),
    (
        "wizard.procedure",
        "申请适用的程序（应与立案类别相适应，法院审查后决定）",
        "Procedure requested (must suit the category; the court decides)",
    ),
    (
        "wizard.parties_hint",
        "至少填写一名原告（申请人）和一名被告（被申请人）；未填写的行不会保存。",
        "Enter at least one plaintiff (applicant) and one defendant (respondent); empty rows are not saved.",
    ),
    ("wizard.party", "当事人", "Party"),
    (
        "wizard.party_id",
        "证件号码或统一社会信用代码（可选）",
        "ID number or credit code (optional)",
    ),
    ("wizard.party_phone", "联系电话（可选）", "Phone (optional)"),
    (
        "wizard.claims_hint",
        "金额以元为单位，最多两位小数（如 100000 或 1234.50）；非金钱请求不填金额。诉讼费用按请求金额合计计算。",
        "Amounts in yuan with at most two decimals (e.g. 100000 or 1234.50); leave the amount empty for non-monetary claims. Fees are computed on the total claimed.",
    ),
    ("wizard.claim", "诉讼请求", "Claim"),
    (
        "wizard.materials_hint",
        "须列明起诉状（申请书）、身份证明材料、证据目录及证据；律师代为立案的还须授权委托书。未填写名称的行不会保存。",
        "List the complaint (application), identity proof and the evidence list; a lawyer filing for a client also needs the power of attorney. Rows without a title are not saved.",
    ),
    ("wizard.material", "材料", "Material"),
    ("wizard.material_kind", "材料类型", "Kind"),
    ("wizard.material_title", "材料名称", "Title"),
    (
        "wizard.consent",
        "同意先行诉前调解（调解不成的，依法登记立案）",
        "I agree to pre-filing mediation first (if it fails, the case is docketed)",
    ),
    (
        "wizard.confirm_hint",
        "提交前请核对以上内容。提交后由法院立案庭审查，审查期间不能修改；需要补正的，法院会通知您。",
        "Check the above before submitting. The filing division then reviews it and it cannot be changed meanwhile; if anything must be corrected, the court will tell you.",
    ),
    (
        "register.sandbox",
        "身份核验使用内置沙箱。",
        "Identity verification uses the built-in sandbox.",
    ),
    (
        "review.queue_lead",
        "待审查的网上立案申请，按提交先后排列。应在收到申请之日起七日内决定是否立案（民事诉讼法第一百二十六条）。",
        "Online filing applications awaiting review, oldest first. Decide within seven days of receipt (Civil Procedure Law art. 126).",
    ),
    ("field.applicant", "申请人", "Applicant"),
    ("field.submitted_on", "提交日期", "Submitted on"),
    ("review.decide_by", "应于此日前决定", "Decide by"),
    ("review.applicant_agrees", "申请人同意", "Applicant agrees"),
    (
        "review.applicant_disagrees",
        "申请人不同意",
        "Applicant does not agree",
    ),
    ("field.case_number_colon", "案号：", "Case number: "),
    (
        "review.correction_note",
        "需要补正的内容",
        "What must be corrected",
    ),
    (
        "review.refusal_reasons",
        "不予受理的理由（裁定书内容）",
        "Reasons for refusal (text of the ruling)",
    ),
    (
        "review.divert_hint",
        "申请人已同意诉前调解。分流后编立诉前调解案号，调解不成的依法登记立案。",
        "The applicant agreed to pre-filing mediation. Diverting issues a pre-filing mediation number; if mediation fails, the case is docketed.",
    ),
    ("service.basis", "依据：", "Basis: "),
    (
        "service.wip",
        "该服务正在建设中，上线后将在此提供。如需办理，请联系法院诉讼服务中心或拨打12368诉讼服务热线。",
        "This service is under construction and will be offered here. Meanwhile, contact the court's litigation service centre or call the 12368 hotline.",
    ),
    ("audit.action_prefix", "操作（前缀）", "Action (prefix)"),
    ("audit.target", "对象", "Target"),
    ("audit.actor_id", "操作人编号", "Actor id"),
    ("audit.from", "起（RFC 3339）", "From (RFC 3339)"),
    ("field.time", "时间", "Time"),
    ("audit.actor", "操作人", "Actor"),
    ("audit.role", "角色", "Role"),
    ("audit.action", "操作", "Action"),
    ("audit.outcome", "结果", "Outcome"),
    ("audit.address", "地址", "Address"),
    ("audit.detail", "说明", "Detail"),
    ("common.next_page", "下一页", "Next page"),
    ("field.id", "编号", "Id"),
    ("courts.division_name", "部门名称", "Division name"),
    ("courts.new_division", "新建部门", "New division"),
    ("courts.courtroom_name", "法庭名称", "Courtroom name"),
    ("courts.tech", "科技法庭", "Tech courtroom"),
    ("courts.new_courtroom", "新建法庭", "New courtroom"),
    ("courts.new_court", "新建法院", "New court"),
    ("courts.name", "名称", "Name"),
    ("courts.level", "层级", "Level"),
    (
        "courts.code",
        "法院代字（如 京0105）",
        "Court code (e.g. 京0105)",
    ),
    ("courts.parent", "上级法院", "Higher court"),
    ("common.none_paren", "（无）", "(none)"),
    (
        "staff.courts_hint",
        "法院、部门、法庭（第四条、第三十七条）",
        "Courts, divisions, courtrooms (Rules arts. 4, 37)",
    ),
    (
        "staff.staff_hint",
        "用户管理、权限分配（第三十七条）",
        "Users and permissions (Rules art. 37)",
    ),
    (
        "staff.audit_hint",
        "安全审计（第十二条、第三十四条）",
        "Security audit (Rules arts. 12, 34)",
    ),
    (
        "staff.sms_hint",
        "沙箱短信记录",
        "Messages recorded by the SMS sandbox",
    ),
    (
        "sms.lead",
        "短信网关为内置沙箱：消息不会真正发出，仅记录在此，供测试与演示。",
        "The SMS gateway is the built-in sandbox: messages are not sent, only recorded here for testing and demos.",
    ),
    ("field.phone", "手机号码", "Phone"),
    ("sms.text", "内容", "Text"),
    ("field.username", "用户名", "Username"),
    ("field.name", "姓名", "Name"),
    ("staff.roles", "角色", "Roles"),
    ("staff.disable", "停用", "Disable"),
    ("staff.enable", "启用", "Enable"),
    ("staff.new", "新建工作人员", "New staff account"),
    (
        "staff.phone",
        "手机号码（用于找回密码，可选）",
        "Phone (for password reset, optional)",
    ),
    ("field.court", "法院", "Court"),
    ("staff.initial_password", "初始密码", "Initial password"),
    (
        "account.totp",
        "动态验证码（第二重认证）",
        "One-time codes (second factor)",
    ),
    (
        "account.totp_off",
        "未启用。启用后，登录时除密码外还需输入验证器应用生成的6位动态验证码。",
        "Off. When on, logging in also needs the 6-digit code from an authenticator app.",
    ),
    ("account.totp_on", "已启用。", "On."),
    (
        "account.totp_enable",
        "启用动态验证码",
        "Turn on one-time codes",
    ),
    (
        "account.totp_scan",
        "请在验证器应用中添加以下密钥（或链接），然后输入其当前显示的验证码：",
        "Add this secret (or link) to an authenticator app, then enter the code it shows:",
    ),
    ("account.totp_confirm", "确认启用", "Confirm"),
    (
        "account.totp_disable",
        "停用动态验证码",
        "Turn off one-time codes",
    ),
    ("dossier.title", "电子卷宗", "Electronic dossier"),
    ("dossier.main_volume", "正卷", "Main volume"),
    ("dossier.confidential_volume", "副卷", "Confidential volume"),
    ("dossier.back_to_case", "返回案件", "Back to the case"),
    (
        "dossier.reading_until",
        "阅卷已获准许，可查阅全部正卷材料至：",
        "Reading approved: the whole main volume is open to you until ",
    ),
    (
        "dossier.litigant_scope",
        "您可查看本人提交的材料和已交换的证据；查阅其他材料请申请阅卷。",
        "You see your own materials and exchanged evidence; apply to read the rest.",
    ),
    ("dossier.catalogue", "卷内目录", "Table of contents"),
    ("dossier.empty", "暂无材料。", "No materials yet."),
    ("dossier.number", "序号", "No."),
    ("dossier.material", "材料名称", "Title"),
    ("dossier.kind", "材料类型", "Kind"),
    ("dossier.pages", "页码", "Pages"),
    ("dossier.channel", "提交方式", "Channel"),
    ("dossier.submitted", "提交时间", "Submitted"),
    ("dossier.position", "排序", "Position"),
    ("dossier.save", "保存", "Save"),
    ("dossier.viewer", "材料查看", "Viewer"),
    ("dossier.download", "下载", "Download"),
    (
        "dossier.export",
        "导出卷宗（PDF，含书签）",
        "Export volume (PDF with bookmarks)",
    ),
    ("dossier.submit", "提交材料", "Submit materials"),
    (
        "dossier.requirements",
        "可提交 PDF、OFD、JPEG、PNG、TIFF 文件；PDF 不得加密；图片短边不少于 1000 像素；扩展名须与文件内容一致。",
        "PDF, OFD, JPEG, PNG or TIFF; PDFs not encrypted; pictures at least 1000 px on the short side; the extension must match the content.",
    ),
    ("dossier.files", "文件", "Files"),
    ("dossier.upload", "上传", "Upload"),
    (
        "dossier.scan",
        "扫描纸质材料（线下提交）",
        "Scan paper (submitted offline)",
    ),
    ("dossier.on_behalf_of", "提交人", "Submitted by party"),
    ("dossier.participants", "案件关联账号", "Linked accounts"),
    (
        "dossier.account",
        "账号（手机号、身份证号或统一社会信用代码）",
        "Account (phone, ID number or credit code)",
    ),
    ("dossier.party", "当事人", "Party"),
    ("dossier.capacity", "身份", "Capacity"),
    ("dossier.link", "关联", "Link"),
    ("dossier.reading", "阅卷申请", "Reading applications"),
    ("dossier.no_reading", "暂无阅卷申请。", "No applications."),
    ("dossier.until", "有效期至", "valid until "),
    ("dossier.days", "期限（日）", "Days"),
    ("dossier.note", "意见或理由", "Note or reasons"),
    ("dossier.approve", "准许", "Approve"),
    ("dossier.refuse", "不予准许", "Refuse"),
    ("dossier.purpose", "申请事项", "Purpose"),
    ("dossier.reason", "事由", "Reason"),
    ("dossier.apply", "提交申请", "Apply"),
    (
        "dossier.done_uploaded",
        "材料已提交并编入卷宗。",
        "Submitted and catalogued.",
    ),
    ("dossier.done_edited", "目录已更新。", "Catalogue updated."),
    (
        "dossier.done_applied",
        "阅卷申请已提交，请等待法官审批。",
        "Application sent to the judge.",
    ),
    (
        "dossier.done_decided",
        "已处理阅卷申请。",
        "Decision recorded.",
    ),
    ("dossier.done_linked", "账号已关联本案。", "Account linked."),
    ("evidence.title", "证据交换与质证", "Evidence exchange"),
    ("evidence.saved", "已保存。", "Saved."),
    (
        "evidence.exchange_open",
        "证据交换已开始，举证质证期限至：",
        "Exchange open; deadline ",
    ),
    (
        "evidence.exchange_not_open",
        "法官尚未组织证据交换；各方仅能看到己方证据。",
        "The exchange is not open; each side sees only its own evidence.",
    ),
    ("evidence.deadline", "举证质证期限", "Deadline"),
    ("evidence.open", "组织证据交换", "Open the exchange"),
    ("evidence.none", "暂无证据。", "No evidence yet."),
    ("evidence.item", "证据", "Item"),
    ("evidence.late", "逾期", "Late"),
    ("evidence.source", "来源", "Source"),
    ("evidence.purpose", "证明目的", "Purpose"),
    ("evidence.material", "查看材料", "Material"),
    ("evidence.by", "质证方", "By"),
    ("evidence.authenticity", "真实性", "Authenticity"),
    ("evidence.legality", "合法性", "Legality"),
    ("evidence.relevance", "关联性", "Relevance"),
    ("evidence.court", "法院认证", "Court's finding"),
    ("evidence.yes", "确认", "Established"),
    ("evidence.no", "不予确认", "Not established"),
    ("evidence.reason", "理由", "Reasons"),
    ("evidence.give_opinion", "发表质证意见", "Give opinion"),
    ("evidence.reasoning", "认证理由", "Reasoning"),
    ("evidence.record_finding", "记录认证意见", "Record finding"),
    ("evidence.add", "添加证据", "Add evidence"),
    ("evidence.name", "证据名称", "Evidence"),
    ("cases.dossier_link", "电子卷宗", "Dossier"),
    ("cases.evidence_link", "证据交换与质证", "Evidence exchange"),
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
    }

    /// Every `.t("…")` key used by a template or a page exists, so no label renders empty.
    #[test]
    fn every_key_used_exists() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut dirs = vec![root.join("templates"), root.join("src")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    files.push(path);
                }
            }
        }
        let mut missing = Vec::new();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for part in text.split(".t(\"").skip(1) {
                let key = part.split('"').next().unwrap();
                if key.contains('.') && !TEXTS.iter().any(|(k, _, _)| *k == key) {
                    missing.push(format!("{}: {key}", file.display()));
                }
            }
        }
        assert!(missing.is_empty(), "keys used but not defined: {missing:?}");
        assert_eq!(Lang::En.t("nav.home"), "Home");
    }
}
