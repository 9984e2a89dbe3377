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
      <source>clients (payers)</source>
      <translation>klientów (płatników)</translation>
    </message>
    <message>
      <source>insured persons</source>
      <translation>ubezpieczonych</translation>
    </message>
    <message>
      <source>deadlines within 7 days</source>
      <translation>terminów w ciągu 7 dni</translation>
    </message>
    <message>
      <source>authorisations and certificates expiring</source>
      <translation>wygasające pełnomocnictwa i certyfikaty</translation>
    </message>
    <message>
      <source>Upcoming deadlines (DRA/RCA/RSA and payment)</source>
      <translation>Najbliższe terminy (DRA/RCA/RSA i płatność)</translation>
    </message>
    <message>
      <source>Client</source>
      <translation>Klient</translation>
    </message>
    <message>
      <source>NIP</source>
      <translation>NIP</translation>
    </message>
    <message>
      <source>Period</source>
      <translation>Okres</translation>
    </message>
    <message>
      <source>Deadline</source>
      <translation>Termin</translation>
    </message>
    <message>
      <source>Days left</source>
      <translation>Zostało dni</translation>
    </message>
    <message>
      <source>Insured</source>
      <translation>Ubezpieczeni</translation>
    </message>
    <message>
      <source>Arrears</source>
      <translation>Zaległość</translation>
    </message>
    <message>
      <source>Late-payment interest: {amount} zł</source>
      <translation>Odsetki za zwłokę: {amount} zł</translation>
    </message>
    <message>
      <source>Payer type</source>
      <translation>Typ płatnika</translation>
    </message>
    <message>
      <source>Expiring soon: authorisations and signing certificates</source>
      <translation>Wkrótce wygasają: pełnomocnictwa i certyfikaty</translation>
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
      <source>today</source>
      <translation>dziś</translation>
    </message>
    <message>
      <source>Today is {today}. Below: each client's nearest deadline for monthly documents and payment.</source>
      <translation>Dziś jest {today}. Poniżej najbliższy termin przekazania dokumentów miesięcznych i zapłaty dla każdego klienta.</translation>
    </message>
    <message>
      <source>{payer}: {who}, until {date} ({n} days)</source>
      <translation>{payer}: {who}, do {date} ({n} dni)</translation>
    </message>
  </context>
</TS>
