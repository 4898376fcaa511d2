"""Clean paragraphs for the text repair benchmark, written for it.

``ENGLISH`` holds brief-style commentary with the typography that damage
destroys (curly quotes, apostrophes, en and em dashes, ellipses, no-break
spaces); ``LATIN`` and ``NON_LATIN`` hold paragraphs in other languages.
"""

from __future__ import annotations

ENGLISH = [
    "Despite two days of talks in Geneva, the U.S.–EU steel dispute remains open. "
    "One negotiator admitted, “We didn’t close the gap on quotas,” and added that "
    "the next round would start “as soon as the lawyers are done.”",
    "Copper prices rose 12–15% between March and June, but traders say the rally "
    "isn’t about demand. It’s about stockpiles—and who controls them. Chile’s "
    "output fell for the third year running.",
    "The report’s authors call the subsidy race “a slow-motion tariff war.” That "
    "framing is useful, yet it skips the harder question: who pays when the "
    "subsidies stop?",
    "Japan’s trade ministry published new export rules on Friday. Officials "
    "described them as “technical,” while industry groups warned of delays of "
    "6–8\u00a0weeks for licences.",
    "Analysts at three banks expect the central bank to hold rates in 2025–2026. "
    "“Inflation isn’t beaten,” one of them wrote, “it’s just resting.”",
    "What’s missing from the coverage is the shipping angle. Freight rates on the "
    "Asia–Europe route doubled in a month… and insurers, not governments, set the "
    "pace.",
    "The minister’s statement was brief: “We’ll review the ‘temporary’ measures in "
    "the spring.” Nobody in the room expected the review to end them.",
    "Battery makers in Korea and Hungary are racing to secure lithium. The "
    "so-called “friend-shoring” strategy sounds tidy; in practice it means paying "
    "20–30% more for the same ore.",
    "Critics say the agency’s forecasts were too rosy. Its own staff, however, "
    "flagged the risks in 2023—long before the downturn—and were ignored.",
    "Investors shouldn’t read too much into one quarter. The company’s guidance "
    "didn’t change, and its order book runs well into 2027.",
    "The chart on page\u00a04 tells the story: exports to the Gulf grew by "
    "\u00a3\u00a02.1\u00a0billion, while sales to Europe stalled.",
    "“It’s not a ban,” the spokesperson insisted. “It’s a licensing regime.” The "
    "distinction matters to lawyers; to exporters it’s the same wall.",
    "Wheat futures swung wildly after the announcement—up 9% in an hour, then back "
    "to where they started. Traders called it “noise.”",
    "The ’90s playbook of cheap credit and open borders isn’t coming back, the "
    "paper argues. Its authors don’t say what replaces it.",
    "Two points stand out. First, the Paris–Berlin axis is weaker than it looks. "
    "Second, the smaller states aren’t waiting for it to recover.",
    "Shipping firms say the canal’s new fees are “manageable.” Their customers "
    "aren’t so sure: a 40-foot container now costs $1,200–$1,500 more per trip.",
    "Brazil’s soy harvest set a record, yet farmers’ margins shrank. Fertilizer "
    "costs—mostly imported—ate the gains.",
    "“We are not in a recession,” the finance minister said on Tuesday. Economists "
    "noted that she didn’t say “yet.”",
    "© 2025 Assay. The views in this brief are the author’s own; figures come from "
    "public filings and the agency’s monthly bulletin.",
    "Officials at the Élysée played down the rift, but the tone of the "
    "communiqué—cool, brief, careful—said more than its words.",
]

LATIN = [
    "Le gouvernement a annoncé mardi une hausse des droits de douane sur l’acier. "
    "Selon le ministre, « il ne s’agit pas d’une guerre commerciale », mais les "
    "industriels craignent déjà des représailles.",
    "Die Regierung in Berlin hält an der Schuldenbremse fest. Ökonomen warnen, dass "
    "die Investitionen in Straßen und Schulen darunter leiden – „ein Fehler“, sagt "
    "ein Berater.",
    "El banco central mantuvo los tipos de interés sin cambios. «La inflación sigue "
    "siendo demasiado alta», explicó su presidenta, que no descartó nuevas subidas "
    "este año.",
    "O governo brasileiro anunciou um novo programa de crédito para pequenos "
    "produtores. A medida, que começa em março, deve beneficiar três milhões de "
    "famílias no Nordeste.",
    "Il governo italiano ha approvato la legge di bilancio. Le opposizioni parlano "
    "di «una manovra senza visione», mentre Confindustria chiede più fondi per "
    "l’energia.",
    "Rząd w Warszawie zapowiedział nowe inwestycje w energetykę jądrową. Pierwsza "
    "elektrownia ma powstać na Pomorzu, a koszt budowy szacuje się na ponad sto "
    "miliardów złotych.",
    "Česká vláda schválila rozpočet na příští rok. Schodek má klesnout, ale "
    "ekonomové upozorňují, že úspory jsou převážně jednorázové.",
    "Türkiye’nin dış ticaret açığı geçen ay daraldı. İhracatçılar, güçlü liranın "
    "rekabet gücünü zayıflattığından şikâyet ediyor.",
    "Guvernul României a aprobat un nou pachet de măsuri fiscale. Sindicatele "
    "spun că „povara cade tot pe salariați” și anunță proteste.",
    "De Nederlandse regering wil de haven van Rotterdam beter beschermen tegen "
    "cyberaanvallen. Het plan kost naar schatting twee miljard euro.",
    "Sveriges riksbank lämnade räntan oförändrad. Kronan försvagades något efter "
    "beskedet, men bedömare väntar sig en sänkning före årets slut.",
    "A magyar kormány új adót vezet be a nagy kereskedelmi láncokra. A bírálók "
    "szerint az intézkedés végül a fogyasztók terheit növeli.",
]

NON_LATIN = [
    "Центральный банк сохранил ключевую ставку. По словам аналитиков, "
    "«инфляционные ожидания остаются высокими», и снижение ставки возможно лишь "
    "в следующем году.",
    "Уряд України ухвалив нову програму підтримки експортерів. Вона передбачає "
    "пільгові кредити та страхування ризиків для малого бізнесу.",
    "Η κυβέρνηση ανακοίνωσε νέα μέτρα στήριξης για τους αγρότες. Οι αντιπρόσωποι "
    "του κλάδου τα χαρακτήρισαν «ανεπαρκή» και ζητούν διάλογο.",
    "商务部周二表示，将进一步扩大高水平对外开放。分析人士认为，新措施主要针对"
    "服务业和数字贸易，短期影响有限。",
    "経済産業省は金曜日、重要鉱物の輸出管理を強化すると発表した。業界団体は"
    "「手続きの遅れ」を懸念している。",
    "한국 정부는 반도체 공급망을 강화하기 위해 새로운 투자 계획을 발표했다. "
    "업계는 환영했지만 세부 내용이 부족하다는 지적도 나왔다.",
    "กระทรวงพาณิชย์เปิดเผยว่าการส่งออกข้าวในปีนี้เพิ่มขึ้นร้อยละ 8 โดยตลาดหลักยังคงเป็นประเทศในเอเชียและแอฟริกา",
    "أعلنت وزارة التجارة عن خطة جديدة لدعم الصادرات غير النفطية، وتشمل الخطة "
    "تسهيلات في التمويل وتقليص الإجراءات الجمركية.",
    "משרד האוצר פרסם תחזית צמיחה מעודכנת לשנה הבאה. לדברי כלכלנים, הסיכונים "
    "העיקריים נובעים מהמצב הגיאופוליטי.",
    "वाणिज्य मंत्रालय ने मंगलवार को नई निर्यात नीति की घोषणा की। उद्योग जगत ने "
    "इसका स्वागत किया, लेकिन छोटे निर्यातकों ने ऋण की कमी की शिकायत की।",
]

ALL = ENGLISH + LATIN + NON_LATIN
