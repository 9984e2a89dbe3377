<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>AccountPage</name>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Klient</translation>
    </message>
    <message>
        <source>Import a bank statement…</source>
        <translation>Importuj wyciąg bankowy…</translation>
    </message>
    <message>
        <source>Enter a payment…</source>
        <translation>Wpisz wpłatę…</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Saldo</translation>
    </message>
    <message>
        <source>Arrears (after the deadline)</source>
        <translation>Zaległość (po terminie)</translation>
    </message>
    <message>
        <source>Late-payment interest</source>
        <translation>Odsetki za zwłokę</translation>
    </message>
    <message>
        <source>To pay, deadline not passed yet</source>
        <translation>Do zapłaty, termin jeszcze nie minął</translation>
    </message>
    <message>
        <source>Overpayment</source>
        <translation>Nadpłata</translation>
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
        <source>Declaration</source>
        <translation>Deklaracja</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Należne</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Wpłacone</translation>
    </message>
    <message>
        <source>Interest</source>
        <translation>Odsetki</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Stan</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Data</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Kwota</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Źródło</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Tytuł</translation>
    </message>
    <message>
        <source>Months: dues from accepted declarations and payments allocated as ZUS does</source>
        <translation>Miesiące: należne składki z przyjętych deklaracji i wpłaty rozliczone tak jak w ZUS</translation>
    </message>
    <message>
        <source>Payments to the NRS</source>
        <translation>Wpłaty na rachunek składkowy (NRS)</translation>
    </message>
    <message>
        <source>Relief:</source>
        <translation>Ulgi:</translation>
    </message>
    <message>
        <source> instalments</source>
        <translation> rat</translation>
    </message>
    <message>
        <source>Draft an instalment application…</source>
        <translation>Projekt wniosku o raty…</translation>
    </message>
    <message>
        <source>Draft a deferral application…</source>
        <translation>Projekt wniosku o odroczenie…</translation>
    </message>
    <message>
        <source>Send the application to ZUS…</source>
        <translation>Wyślij wniosek do ZUS…</translation>
    </message>
    <message>
        <source>Signs the application drafted from this account and sends it through the gateway; ZUS&apos;s decision comes to Correspondence.</source>
        <translation>Podpisuje wniosek przygotowany z tego konta i wysyła go przez bramkę; decyzja ZUS przyjdzie do Korespondencji.</translation>
    </message>
    <message>
        <source>Instalments (as many as set on the left)</source>
        <translation>Wniosek o raty (liczba rat jak obok)</translation>
    </message>
    <message>
        <source>Deferral of the deadline</source>
        <translation>Wniosek o odroczenie terminu płatności</translation>
    </message>
    <message>
        <source>Book an e-visit with the advisor</source>
        <translation>Umów e-wizytę z doradcą</translation>
    </message>
    <message>
        <source>paid</source>
        <translation>zapłacone</translation>
    </message>
    <message>
        <source>arrears, {n} days</source>
        <translation>zaległość, {n} dni</translation>
    </message>
    <message>
        <source>to pay by the deadline</source>
        <translation>do zapłaty w terminie</translation>
    </message>
    <message>
        <source>As of {day}. Interest is counted to today; ZUS does not charge it for a month when it does not exceed 1% of the minimum wage.</source>
        <translation>Stan na {day}. Odsetki liczone do dziś; ZUS ich nie pobiera za miesiąc, w którym nie przekraczają 1% minimalnego wynagrodzenia.</translation>
    </message>
    <message>
        <source>Bank statements (*.sta *.mt940 *.txt *.xml *.csv);;All files (*)</source>
        <translation>Wyciągi bankowe (*.sta *.mt940 *.txt *.xml *.csv);;Wszystkie pliki (*)</translation>
    </message>
    <message>
        <source>Bank statement</source>
        <translation>Wyciąg bankowy</translation>
    </message>
    <message>
        <source>Save the application draft</source>
        <translation>Zapisz projekt wniosku</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Saved the draft ({form}, {n} months, {total} zł): {path}</source>
        <translation>Zapisano projekt wniosku ({form}, miesięcy: {n}, razem {total} zł): {path}</translation>
    </message>
    <message>
        <source>Arrears {total} zł (contributions {principal} zł, interest {interest} zł): {months}. Application draft: {path}</source>
        <translation>Zaległość {total} zł (składki {principal} zł, odsetki {interest} zł): {months}. Projekt wniosku: {path}</translation>
    </message>
</context>
<context>
    <name>ManualPaymentDialog</name>
    <message>
        <source>Enter a payment</source>
        <translation>Wpisz wpłatę</translation>
    </message>
    <message>
        <source>Date the account was debited</source>
        <translation>Data obciążenia rachunku</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Kwota</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Tytuł</translation>
    </message>
</context>
</TS>
