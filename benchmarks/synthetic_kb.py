"""A synthetic help center of any size, in the content format, for the build benchmark.

`write_knowledge_base(folder, entries, categories)` writes `site.yml`, `faq/<category>.yml`,
`warranty/<id>.yml` and `handbook/<id>.yml` for a shop in five languages
(zh-Hans default, ru, en, ko, zh-Hant), with answers of the length and shape of
a real help center: a few sentences with bold words and a link, sometimes a
numbered list, in every language. The same size always gives the same files
(a seeded random generator), so runs compare.

`write_baseline_project(folder, entries)` writes the same text as the naive
peer set-up: bare mkdocs-material + mkdocs-static-i18n, one Markdown page per
entry (and per policy and procedure) per language, full navigation, Material's
search plugin on.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import yaml

LANGUAGES = ["zh-Hans", "ru", "en", "ko", "zh-Hant"]
THEME_LANGUAGE = {"zh-Hans": "zh", "zh-Hant": "zh-Hant", "ru": "ru", "en": "en", "ko": "ko"}
NATIVE_NAMES = {"zh-Hans": "简体中文", "ru": "Русский", "en": "English", "ko": "한국어", "zh-Hant": "繁體中文"}

CATEGORIES = {
    "orders": {"zh-Hans": "订单", "ru": "Заказы", "en": "Orders", "ko": "주문", "zh-Hant": "訂單"},
    "shipping": {"zh-Hans": "物流配送", "ru": "Доставка", "en": "Delivery", "ko": "배송", "zh-Hant": "物流配送"},
    "products": {"zh-Hans": "商品咨询", "ru": "Товары", "en": "Products", "ko": "상품 문의", "zh-Hant": "商品諮詢"},
    "after-sales": {"zh-Hans": "售后与保修", "ru": "Возврат и гарантия", "en": "Returns and warranty",
                    "ko": "교환·반품 및 A/S", "zh-Hant": "售後與保固"},
}

PRODUCTS = {
    "zh-Hans": ["无线耳机", "充电器", "移动电源", "数据线", "智能手表", "蓝牙音箱", "手机壳", "平板支架"],
    "ru": ["беспроводные наушники", "зарядное устройство", "пауэрбанк", "кабель", "умные часы", "колонка",
           "чехол", "подставка для планшета"],
    "en": ["wireless earbuds", "charger", "power bank", "cable", "smartwatch", "speaker", "phone case", "tablet stand"],
    "ko": ["무선 이어폰", "충전기", "보조배터리", "케이블", "스마트워치", "블루투스 스피커", "휴대폰 케이스", "태블릿 거치대"],
    "zh-Hant": ["無線耳機", "充電器", "行動電源", "傳輸線", "智慧手錶", "藍牙喇叭", "手機殼", "平板支架"],
}

QUESTIONS = {
    "zh-Hans": ["{p}（型号 {n}）下单后多久发货？", "{p}（型号 {n}）可以七天无理由退货吗？", "{p}（型号 {n}）的保修期是多久？",
                "{p}（型号 {n}）收到时有划痕怎么办？", "怎样查询{p}（型号 {n}）的物流？", "{p}（型号 {n}）支持开发票吗？"],
    "ru": ["Когда отправят {p} (модель {n})?", "Можно ли вернуть {p} (модель {n}) без причины?",
           "Какая гарантия на {p} (модель {n})?", "{p} (модель {n}) пришёл с царапиной — что делать?",
           "Как отследить {p} (модель {n})?", "Можно ли получить чек на {p} (модель {n})?"],
    "en": ["When will my {p} (model {n}) ship?", "Can I return the {p} (model {n}) without a reason?",
           "How long is the warranty on the {p} (model {n})?", "My {p} (model {n}) arrived scratched: what now?",
           "How do I track my {p} (model {n})?", "Can I get an invoice for the {p} (model {n})?"],
    "ko": ["{p}(모델 {n})는 언제 발송되나요?", "{p}(모델 {n})도 단순 변심 반품이 되나요?", "{p}(모델 {n})의 보증 기간은 얼마인가요?",
           "{p}(모델 {n})에 흠집이 있어요. 어떻게 하나요?", "{p}(모델 {n}) 배송 조회는 어떻게 하나요?",
           "{p}(모델 {n}) 영수증을 받을 수 있나요?"],
    "zh-Hant": ["{p}（型號 {n}）下單後多久出貨？", "{p}（型號 {n}）可以七天無理由退貨嗎？", "{p}（型號 {n}）的保固期是多久？",
                "{p}（型號 {n}）收到時有刮痕怎麼辦？", "如何查詢{p}（型號 {n}）的物流？", "{p}（型號 {n}）可以開發票嗎？"],
}

SENTENCES = {
    "zh-Hans": [
        "现货商品在付款后 **48 小时内**发货，预售商品以商品页标注的时间为准。",
        "签收后 7 天内、商品未使用且包装完整时，可以申请无理由退货，寄回运费由买家承担。",
        "如果是质量问题，请在[在线客服](https://shop.example/chat)发送订单号和照片，我们审核后承担来回运费。",
        "保修从签收之日起计算，期间内非人为损坏可免费维修或更换。",
        "物流单号会在发货后通过短信发送，也可以在订单页查看最新进度。",
        "偏远地区和海外订单可能需要额外的 3–5 个工作日。",
        "退款会在我们收到退货并验货后 1–3 个工作日内原路退回。",
        "请保留好外包装和配件，退换货时需要一并寄回。",
    ],
    "ru": [
        "Товары в наличии отправляем в течение **48 часов** после оплаты, предзаказ — в срок, указанный на странице товара.",
        "В течение 7 дней после получения неиспользованный товар в целой упаковке можно вернуть без объяснения причин; обратную доставку оплачивает покупатель.",
        "Если товар с браком, пришлите номер заказа и фото в [онлайн-чат](https://shop.example/chat): после проверки доставку в обе стороны оплатим мы.",
        "Гарантия считается со дня получения; в течение неё неисправность не по вине покупателя чиним или меняем бесплатно.",
        "Трек-номер придёт в SMS после отправки, а актуальный статус виден на странице заказа.",
        "В отдалённые регионы и за границу доставка может занять ещё 3–5 рабочих дней.",
        "Деньги вернутся тем же способом в течение 1–3 рабочих дней после того, как мы получим и проверим возврат.",
        "Сохраните коробку и комплектацию: при возврате или обмене их нужно отправить вместе с товаром.",
    ],
    "en": [
        "Items in stock ship within **48 hours** of payment; pre-orders ship on the date shown on the product page.",
        "Within 7 days of delivery, an unused item in its intact packaging can be returned without a reason; the buyer pays return shipping.",
        "If the item is faulty, send the order number and photos to our [live chat](https://shop.example/chat): once approved, we pay shipping both ways.",
        "The warranty starts on the day of delivery; during it, faults that are not caused by the buyer are repaired or replaced free of charge.",
        "The tracking number arrives by text message after dispatch, and the order page always shows the latest status.",
        "Remote areas and international orders may need another 3–5 business days.",
        "Refunds go back to the original payment method within 1–3 business days after we receive and check the return.",
        "Keep the box and all accessories: they go back with the item for a return or an exchange.",
    ],
    "ko": [
        "재고 상품은 결제 후 **48시간 이내**에 발송하며, 예약 상품은 상품 페이지에 표시된 날짜에 발송합니다.",
        "수령 후 7일 이내 미사용 상품이고 포장이 온전하면 단순 변심 반품이 가능하며, 반송비는 구매자 부담입니다.",
        "불량인 경우 주문 번호와 사진을 [실시간 채팅](https://shop.example/chat)으로 보내 주시면 확인 후 왕복 배송비를 저희가 부담합니다.",
        "보증 기간은 수령일부터 시작되며, 기간 내 고객 과실이 아닌 고장은 무상으로 수리하거나 교환해 드립니다.",
        "운송장 번호는 발송 후 문자로 보내 드리며, 주문 페이지에서 최신 배송 상태를 확인할 수 있습니다.",
        "도서 산간 지역과 해외 주문은 3–5영업일이 더 걸릴 수 있습니다.",
        "환불은 반품 상품을 받아 검수한 뒤 1–3영업일 이내에 결제 수단으로 돌려 드립니다.",
        "상자와 구성품은 버리지 마세요. 반품이나 교환 시 함께 보내 주셔야 합니다.",
    ],
    "zh-Hant": [
        "現貨商品在付款後 **48 小時內**出貨，預購商品以商品頁標示的時間為準。",
        "簽收後 7 天內、商品未使用且包裝完整時，可以申請無理由退貨，寄回運費由買家負擔。",
        "如果是品質問題，請在[線上客服](https://shop.example/chat)傳送訂單編號和照片，審核後由我們負擔來回運費。",
        "保固自簽收日起算，期間內非人為損壞可免費維修或更換。",
        "物流單號會在出貨後以簡訊通知，也可以在訂單頁查看最新進度。",
        "偏遠地區和海外訂單可能需要額外 3–5 個工作天。",
        "退款會在我們收到退貨並驗貨後 1–3 個工作天內原路退回。",
        "請保留外包裝和配件，退換貨時需要一併寄回。",
    ],
}

STEPS = {
    "zh-Hans": ["打开订单页，点「申请售后」", "选择原因并上传照片", "按客服提供的地址寄回并填写单号"],
    "ru": ["Откройте страницу заказа и нажмите «Оформить возврат»", "Выберите причину и приложите фото",
           "Отправьте товар по адресу из чата и укажите трек-номер"],
    "en": ["Open the order page and choose \"Request after-sales\"", "Pick the reason and attach photos",
           "Send the item to the address from chat and enter the tracking number"],
    "ko": ["주문 페이지에서 「A/S 신청」을 누르세요", "사유를 선택하고 사진을 첨부하세요", "상담원이 알려 준 주소로 보내고 운송장 번호를 입력하세요"],
    "zh-Hant": ["打開訂單頁，點選「申請售後」", "選擇原因並上傳照片", "依客服提供的地址寄回並填寫單號"],
}

KEYWORDS = {
    "zh-Hans": ["发货", "退货", "保修", "物流", "发票"], "ru": ["отправка", "возврат", "гарантия", "трек", "чек"],
    "en": ["shipping", "return", "warranty", "tracking", "invoice"], "ko": ["발송", "반품", "보증", "배송 조회", "영수증"],
    "zh-Hant": ["出貨", "退貨", "保固", "物流", "發票"],
}


@dataclass
class Entry:
    id: str
    category: str
    question: dict[str, str]
    answer: dict[str, str]
    keywords: dict[str, list[str]]
    related: list[str]
    warranty: str | None


def category_titles(categories: int) -> dict[str, dict[str, str]]:
    """`categories` category ids with their titles: the four named ones, then numbered copies of them
    (`orders-2`, ...), as a large shop splits its topics."""
    titles = {}
    for number in range(categories):
        cid, title = list(CATEGORIES.items())[number % len(CATEGORIES)]
        round_ = number // len(CATEGORIES) + 1
        if round_ == 1:
            titles[cid] = title
        else:
            titles[f"{cid}-{round_}"] = {lang: f"{text} {round_}" for lang, text in title.items()}
    return titles


def make_entries(count: int, categories: int = len(CATEGORIES)) -> list[Entry]:
    rng = random.Random(count)
    categories = list(category_titles(categories))
    entries = []
    for index in range(count):
        model = f"SR-{1000 + index}"
        product = rng.randrange(len(PRODUCTS["en"]))
        kind = rng.randrange(len(QUESTIONS["en"]))
        picks = rng.sample(range(len(SENTENCES["en"])), rng.randint(3, 5))
        with_steps = rng.random() < 0.3
        answer = {}
        for language in LANGUAGES:
            text = " ".join(SENTENCES[language][i] for i in picks)
            if with_steps:
                text += "\n\n" + "\n".join(f"{n}. {step}" for n, step in enumerate(STEPS[language], 1))
            answer[language] = text
        entries.append(
            Entry(
                id=f"q{index:05d}",
                category=categories[index % len(categories)],
                question={lang: QUESTIONS[lang][kind].format(p=PRODUCTS[lang][product], n=model) for lang in LANGUAGES},
                answer=answer,
                keywords={lang: [KEYWORDS[lang][kind % 5], PRODUCTS[lang][product]] for lang in LANGUAGES},
                related=[],
                warranty=None,
            )
        )
    for index, entry in enumerate(entries):
        entry.related = [entries[(index + step) % count].id for step in (1, 7) if count > 7]
    return entries


def warranty_ids(count: int) -> list[str]:
    return [f"policy-{n:03d}-{months}m" for n, months in enumerate([6, 12, 24] * max(1, count // 300))]


def procedure_ids(count: int) -> list[str]:
    return [f"procedure-{n:03d}" for n in range(max(3, count // 100))]


def _text(strings: dict[str, str]) -> dict[str, str]:
    return {language: strings[language] for language in LANGUAGES}


def _dump(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


def write_knowledge_base(folder: Path, count: int, categories: int = len(CATEGORIES)) -> Path:
    """Write a valid source of `count` FAQ entries in five languages, spread over `categories`
    categories, into `folder`; returns it."""
    titles = category_titles(categories)
    entries = make_entries(count, categories)
    policies = warranty_ids(count)
    for index, entry in enumerate(entries):
        if entry.category.startswith("after-sales") and index % 3 == 0:
            entry.warranty = policies[index % len(policies)]
    _dump(folder / "site.yml", {
        "shop": {"name": _text({"zh-Hans": "星河数码", "ru": "StarRiver", "en": "StarRiver", "ko": "스타리버", "zh-Hant": "星河數碼"})},
        "languages": LANGUAGES,
        "categories": [{"id": cid, "title": title} for cid, title in titles.items()],
        "contact": [
            {"id": "chat", "channel": "chat", "address": "https://shop.example/chat", "response_time": "30m",
             "label": _text({"zh-Hans": "在线客服", "ru": "Онлайн-чат", "en": "Live chat", "ko": "실시간 채팅", "zh-Hant": "線上客服"})},
            {"id": "email", "channel": "email", "address": "help@shop.example", "response_time": "24h",
             "label": _text({"zh-Hans": "邮件", "ru": "Почта", "en": "E-mail", "ko": "이메일", "zh-Hant": "郵件"})},
        ],
    })
    for category in titles:
        items = []
        for entry in entries:
            if entry.category != category:
                continue
            item = {"id": entry.id, "question": entry.question, "answer": entry.answer, "keywords": entry.keywords}
            if entry.related:
                item["related"] = entry.related
            if entry.warranty:
                item["warranty"] = entry.warranty
            item["agent_note"] = {"zh-Hans": "先核对订单状态再回复。", "en": "Check the order status before replying."}
            items.append(item)
        _dump(folder / "faq" / f"{category}.yml", {"entries": items})
    for policy in policies:
        months = int(policy.rsplit("-", 1)[1].rstrip("m"))
        _dump(folder / "warranty" / f"{policy}.yml", {
            "title": {lang: f"{PRODUCTS[lang][months % 8]} · {months}" for lang in LANGUAGES},
            "applies_to": {lang: "、".join(PRODUCTS[lang][:3]) if lang.startswith("zh") else ", ".join(PRODUCTS[lang][:3]) for lang in LANGUAGES},
            "duration_months": months,
            "starts_on": "delivery",
            "covers": [{lang: SENTENCES[lang][3] for lang in LANGUAGES}],
            "excludes": [{lang: SENTENCES[lang][7] for lang in LANGUAGES}],
            "claim_steps": [{lang: step for lang, step in zip(LANGUAGES, column)} for column in zip(*(STEPS[l] for l in LANGUAGES))],
            "costs": {lang: SENTENCES[lang][2] for lang in LANGUAGES},
            "extensions": [{"id": "plus-12", "extra_months": 12, "price": {"amount": 99, "currency": "CNY"}}],
            "agent_note": {"zh-Hans": "超过保修期先查是否购买了延保。", "en": "Past the warranty, check for an extension first."},
        })
    for number, procedure in enumerate(procedure_ids(count)):
        faq = [entries[(number * 5 + k) % count].id for k in range(2)]
        _dump(folder / "handbook" / f"{procedure}.yml", {
            "title": {"zh-Hans": f"售后处理流程 {number}", "en": f"After-sales procedure {number}"},
            "when": {"zh-Hans": SENTENCES["zh-Hans"][2], "en": SENTENCES["en"][2]},
            "sla": {"first_reply": "2h", "resolve": "72h"},
            "steps": [
                {"id": "confirm", "title": {"zh-Hans": "确认订单", "en": "Confirm the order"},
                 "do": {"zh-Hans": SENTENCES["zh-Hans"][4], "en": SENTENCES["en"][4]},
                 "say": {"zh-Hans": "{buyer_name}您好，请提供订单号 {order_id}。", "en": "Hello {buyer_name}, please send order {order_id}."},
                 "faq": faq,
                 "branches": [{"if": {"zh-Hans": "已超过保修期", "en": "Out of warranty"}, "goto": "decline"}]},
                {"id": "replace", "title": {"zh-Hans": "安排换新", "en": "Arrange a replacement"},
                 "do": {"zh-Hans": SENTENCES["zh-Hans"][6], "en": SENTENCES["en"][6]}},
                {"id": "decline", "title": {"zh-Hans": "说明原因", "en": "Explain why not"},
                 "do": {"zh-Hans": SENTENCES["zh-Hans"][1], "en": SENTENCES["en"][1]}},
            ],
            "escalate": {"zh-Hans": "买家要求赔偿时转组长。", "en": "Pass to the team lead when the buyer asks for compensation."},
        })
    return folder


def write_baseline_project(folder: Path, count: int) -> Path:
    """The naive peer: one page per entry per language, full navigation, Material search on; returns mkdocs.yml."""
    entries = make_entries(count)
    docs = folder / "docs"
    for language in LANGUAGES:
        root = docs / language
        root.mkdir(parents=True, exist_ok=True)
        (root / "index.md").write_text(f"# {NATIVE_NAMES[language]}\n", encoding="utf-8")
        for entry in entries:
            page = root / entry.category / f"{entry.id}.md"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(f"# {entry.question[language]}\n\n{entry.answer[language]}\n", encoding="utf-8")
        for policy in warranty_ids(count):
            page = root / "warranty" / f"{policy}.md"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(f"# {policy}\n\n{SENTENCES[language][3]}\n\n{SENTENCES[language][7]}\n", encoding="utf-8")
    config = {
        "site_name": "StarRiver",
        "site_url": "https://help.example/",
        "docs_dir": str(docs),
        "site_dir": str(folder / "site"),
        "theme": {"name": "material", "language": "zh", "font": False},
        "plugins": [
            {"search": {}},
            {"i18n": {"docs_structure": "folder", "languages": [
                {"locale": language, "name": NATIVE_NAMES[language], "default": language == LANGUAGES[0], "build": True,
                 "theme": {"language": THEME_LANGUAGE[language]}}
                for language in LANGUAGES
            ]}},
        ],
    }
    config_file = folder / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config_file
