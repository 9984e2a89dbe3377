<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>LettersPage</name>
    <message>
        <source>Correspondence with ZUS</source>
        <translation>Korespondencja z ZUS</translation>
    </message>
    <message>
        <source>A letter is delivered when you open it by signing the confirmation of delivery (UPD). A letter nobody opens counts as delivered on the 14th day after ZUS placed it; the one-month deadline to appeal a decision runs from the delivery.</source>
        <translation>Pismo jest doręczone, gdy je odbierzesz, podpisując urzędowe poświadczenie doręczenia (UPD). Pismo, którego nikt nie odbierze, uznaje się za doręczone 14. dnia od udostępnienia przez ZUS; od doręczenia biegnie miesięczny termin na odwołanie od decyzji.</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Klient</translation>
    </message>
    <message>
        <source>Fetch new letters</source>
        <translation>Pobierz nowe pisma</translation>
    </message>
    <message>
        <source>Open letter…</source>
        <translation>Odbierz pismo…</translation>
    </message>
    <message>
        <source>Open in PDF viewer</source>
        <translation>Otwórz w przeglądarce PDF</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Tytuł</translation>
    </message>
    <message>
        <source>NOT GENUINE</source>
        <translation>NIEWIARYGODNE</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>Doręczenie</translation>
    </message>
    <message>
        <source>Appeal until</source>
        <translation>Odwołanie do</translation>
    </message>
    <message>
        <source>Choose a letter.</source>
        <translation>Wybierz pismo.</translation>
    </message>
    <message>
        <source>decision</source>
        <translation>decyzja</translation>
    </message>
    <message>
        <source>notice</source>
        <translation>zawiadomienie</translation>
    </message>
    <message>
        <source>letter</source>
        <translation>pismo</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Data</translation>
    </message>
    <message>
        <source>{date} (UPD)</source>
        <translation>{date} (UPD)</translation>
    </message>
    <message>
        <source>{date} (deemed)</source>
        <translation>{date} (fikcja)</translation>
    </message>
    <message>
        <source>awaiting (→ {date})</source>
        <translation>do odbioru (→ {date})</translation>
    </message>
    <message>
        <source>Delivered on {date} (confirmed with a UPD).</source>
        <translation>Doręczone {date} (odbiór potwierdzony UPD).</translation>
    </message>
    <message>
        <source>Deemed delivered on {date}: nobody opened it within 14 days.</source>
        <translation>Uznane za doręczone {date}: nikt go nie odebrał w ciągu 14 dni.</translation>
    </message>
    <message>
        <source>Awaiting collection — counts as delivered on {date} ({n} days).</source>
        <translation>Czeka na odbiór — zostanie uznane za doręczone {date} (za {n} dni).</translation>
    </message>
    <message>
        <source>All clients ({n} unread)</source>
        <translation>Wszyscy klienci ({n} do odebrania)</translation>
    </message>
    <message>
        <source>{name} — NIP {nip} ({n} unread)</source>
        <translation>{name} — NIP {nip} ({n} do odebrania)</translation>
    </message>
    <message>
        <source>{kind} {id} for {payer} (NIP {nip})</source>
        <translation>{kind} {id} do {payer} (NIP {nip})</translation>
    </message>
    <message>
        <source>Appeal to the court (through ZUS) until {date}.</source>
        <translation>Odwołanie do sądu (za pośrednictwem ZUS) do {date}.</translation>
    </message>
    <message>
        <source>UPD signed by {who}.</source>
        <translation>UPD podpisał(a): {who}.</translation>
    </message>
    <message>
        <source>NOT GENUINE — kept aside, not shown: {why}</source>
        <translation>NIEWIARYGODNE — odłożone na bok, nie jest wyświetlane: {why}</translation>
    </message>
    <message>
        <source>Not opened here yet: “Open letter…” signs the UPD (PIN) and fetches it.</source>
        <translation>Jeszcze nieodebrane: „Odbierz pismo…” podpisuje UPD (PIN) i pobiera pismo.</translation>
    </message>
    <message>
        <source>Already delivered: “Open letter…” fetches it without a UPD.</source>
        <translation>Już doręczone: „Odbierz pismo…” pobiera je bez UPD.</translation>
    </message>
    <message>
        <source>New letters: {n}.</source>
        <translation>Nowe pisma: {n}.</translation>
    </message>
    <message>
        <source>Fetching letters…</source>
        <translation>Pobieranie pism…</translation>
    </message>
    <message>
        <source>Open the letter: sign the UPD</source>
        <translation>Odbiór pisma: podpis UPD</translation>
    </message>
    <message>
        <source>Opening the letter…</source>
        <translation>Odbieranie pisma…</translation>
    </message>
    <message>
        <source>Not opened: cancelled.</source>
        <translation>Nie odebrano: anulowano.</translation>
    </message>
    <message>
        <source>Opening the letter</source>
        <translation>Odbieranie pisma</translation>
    </message>
    <message>
        <source>Letter {id}: {state}</source>
        <translation>Pismo {id}: {state}</translation>
    </message>
    <message>
        <source>This letter has no PDF.</source>
        <translation>To pismo nie ma pliku PDF.</translation>
    </message>
    <message>
        <source>page {n} of {m}</source>
        <translation>strona {n} z {m}</translation>
    </message>
</context>
</TS>
