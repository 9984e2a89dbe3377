<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>DashboardPage</name>
    <message>
        <source>Dashboard</source>
        <translation>Pulpit</translation>
    </message>
    <message>
        <source>authorisations and certificates expiring</source>
        <translation>wygasające pełnomocnictwa i certyfikaty</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Termin</translation>
    </message>
    <message>
        <source>Expiring soon: authorisations and signing certificates</source>
        <translation>Wkrótce wygasają: pełnomocnictwa i certyfikaty</translation>
    </message>
    <message>
        <source>tomorrow</source>
        <translation>jutro</translation>
    </message>
    <message>
        <source>in {n} days</source>
        <translation>za {n} dni</translation>
    </message>
    <message>
        <source>Client / payer type</source>
        <translation>Klient / typ płatnika</translation>
    </message>
    <message>
        <source>To pay</source>
        <translation>Do zapłaty</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Następny krok</translation>
    </message>
    <message>
        <source>Today is {today}.</source>
        <translation>Dziś jest {today}.</translation>
    </message>
    <message>
        <source>Signing certificate of {owner} expires on {date}.</source>
        <translation>Certyfikat do podpisu ({owner}) wygasa {date}.</translation>
    </message>
    <message>
        <source>No authorisation or signing certificate expires within {n} days.</source>
        <translation>Żadne pełnomocnictwo ani certyfikat do podpisu nie wygasa w ciągu {n} dni.</translation>
    </message>
    <message>
        <source>{n} days ago</source>
        <translation>{n} dni temu</translation>
    </message>
    <message>
        <source>clients</source>
        <translation>klienci</translation>
    </message>
    <message>
        <source>to do now</source>
        <translation>do zrobienia teraz</translation>
    </message>
    <message>
        <source>missed deadlines</source>
        <translation>przekroczone terminy</translation>
    </message>
    <message>
        <source>sent and accepted</source>
        <translation>wysłane i przyjęte</translation>
    </message>
    <message>
        <source>letters from ZUS not opened</source>
        <translation>pisma z ZUS do odebrania</translation>
    </message>
    <message>
        <source>What to do next — each client&apos;s declarations and payment</source>
        <translation>Co dalej — deklaracje i płatność każdego klienta</translation>
    </message>
    <message>
        <source>The button in the last column takes you to the next step: create, fix errors, sign, send or view the receipt. Missed deadlines come first, in red.</source>
        <translation>Przycisk w ostatniej kolumnie prowadzi do następnego kroku: utwórz, popraw błędy, podpisz, wyślij albo zobacz potwierdzenie. Przekroczone terminy są na górze, na czerwono.</translation>
    </message>
    <message>
        <source>{state} (sandbox test)</source>
        <translation>{state} (test w piaskownicy)</translation>
    </message>
    <message>
        <source>{state}, errors: {n}</source>
        <translation>{state}, błędy: {n}</translation>
    </message>
    <message>
        <source>correction {number}: {state}</source>
        <translation>korekta {number}: {state}</translation>
    </message>
    <message>
        <source>View test receipt</source>
        <translation>Zobacz potwierdzenie testowe</translation>
    </message>
    <message>
        <source>missed yesterday</source>
        <translation>termin minął wczoraj</translation>
    </message>
    <message>
        <source>missed {n} days ago</source>
        <translation>termin minął {n} dni temu</translation>
    </message>
    <message>
        <source>today</source>
        <translation>dziś</translation>
    </message>
    <message>
        <source>Period and state</source>
        <translation>Okres i stan</translation>
    </message>
    <message>
        <source>Arrears</source>
        <translation>Zaległość</translation>
    </message>
    <message>
        <source>Late-payment interest: {amount} zł</source>
        <translation>Odsetki za zwłokę: {amount} zł</translation>
    </message>
    <message numerus="yes">
        <source>clients (insured persons: {n})</source>
        <comment>client (insured persons: {n})</comment>
        <translation>
            <numerusform>klient (ubezpieczeni: {n})</numerusform>
            <numerusform>klienci (ubezpieczeni: {n})</numerusform>
            <numerusform>klientów (ubezpieczeni: {n})</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>missed deadlines</source>
        <comment>missed deadline</comment>
        <translation>
            <numerusform>przekroczony termin</numerusform>
            <numerusform>przekroczone terminy</numerusform>
            <numerusform>przekroczonych terminów</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>letters from ZUS not opened</source>
        <comment>letter from ZUS not opened</comment>
        <translation>
            <numerusform>pismo z ZUS do odebrania</numerusform>
            <numerusform>pisma z ZUS do odebrania</numerusform>
            <numerusform>pism z ZUS do odebrania</numerusform>
        </translation>
    </message>
    <message>
        <source>{payer}: {who}, until {date} ({days})</source>
        <translation>{payer}: {who}, do {date} ({days})</translation>
    </message>
    <message numerus="yes">
        <source>%n days</source>
        <comment>%n day</comment>
        <translation>
            <numerusform>%n dzień</numerusform>
            <numerusform>%n dni</numerusform>
            <numerusform>%n dni</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>authorisations and certificates expiring</source>
        <comment>authorisation or certificate expiring</comment>
        <translation>
            <numerusform>wygasające pełnomocnictwo lub certyfikat</numerusform>
            <numerusform>wygasające pełnomocnictwa lub certyfikaty</numerusform>
            <numerusform>wygasających pełnomocnictw lub certyfikatów</numerusform>
        </translation>
    </message>
    <message>
        <source>Letters from ZUS</source>
        <translation>Pisma z ZUS</translation>
    </message>
    <message>
        <source>{n} to open</source>
        <translation>{n} do odebrania</translation>
    </message>
    <message>
        <source>Missed deadlines: {n}. Send them as soon as possible — the oldest: {client}, period {period}, deadline was {date}.</source>
        <translation>Przekroczone terminy: {n}. Wyślij jak najszybciej — najstarszy: {client}, okres {period}, termin minął {date}.</translation>
    </message>
    <message>
        <source>All done: every client&apos;s declarations for {periods} were sent and accepted by the sandbox (a test — nothing reached ZUS).</source>
        <translation>Wszystko zrobione: deklaracje wszystkich klientów za {periods} wysłano i przyjęła je piaskownica (test — nic nie trafiło do ZUS).</translation>
    </message>
    <message>
        <source>All done: every client&apos;s declarations for {periods} were sent and accepted by ZUS.</source>
        <translation>Wszystko zrobione: deklaracje wszystkich klientów za {periods} wysłano i ZUS je przyjął.</translation>
    </message>
    <message>
        <source>Clients with work to do: {n}. Nearest deadline: {date} ({client}).</source>
        <translation>Klienci z pracą do wykonania: {n}. Najbliższy termin: {date} ({client}).</translation>
    </message>
</context>
</TS>
