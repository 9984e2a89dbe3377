<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>HandoffDialog</name>
    <message>
        <source>Export for ePłatnik / Płatnik</source>
        <translation>Eksport dla ePłatnika / Płatnika</translation>
    </message>
    <message>
        <source>Until this program passes ZUS&apos;s acceptance tests, declarations reach ZUS through ePłatnik (eZUS) or Płatnik: they import the KEDU file and you sign and send it there. ZUS issues the receipt (UPO) there.</source>
        <translation>Dopóki program nie przejdzie testów akceptacyjnych ZUS, deklaracje trafiają do ZUS przez ePłatnika (eZUS) albo Płatnika: importują one plik KEDU, a Ty podpisujesz i wysyłasz go tam. Tam też ZUS wydaje potwierdzenie (UPO).</translation>
    </message>
    <message>
        <source>Program</source>
        <translation>Program</translation>
    </message>
    <message>
        <source>KEDU {v} (recommended: ZUS lists it for import)</source>
        <translation>KEDU {v} (zalecana: ZUS wymienia ją przy imporcie)</translation>
    </message>
    <message>
        <source>KEDU {v}</source>
        <translation>KEDU {v}</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Wersja</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Wybierz…</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Katalog</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Plik</translation>
    </message>
    <message>
        <source>Folder for the files</source>
        <translation>Katalog na pliki</translation>
    </message>
    <message>
        <source>KEDU files (*.xml)</source>
        <translation>Pliki KEDU (*.xml)</translation>
    </message>
</context>
<context>
    <name>HandoffHelp</name>
    <message>
        <source>Sending to the real ZUS: ePłatnik and Płatnik</source>
        <translation>Wysyłka do prawdziwego ZUS: ePłatnik i Płatnik</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Sending to the real ZUS&lt;/h2&gt;&lt;p&gt;This program sends to ZUS only after it passes ZUS&apos;s acceptance tests for interface software. Until then its &lt;b&gt;sandbox&lt;/b&gt; plays ZUS&apos;s side: a sandbox receipt shows that the set would be accepted, but &lt;b&gt;it is not a ZUS receipt (UPO)&lt;/b&gt; and nothing reaches ZUS.&lt;/p&gt;&lt;p&gt;The real route today: export the declarations for &lt;b&gt;ePłatnik&lt;/b&gt; (eZUS, in the browser) or &lt;b&gt;Płatnik&lt;/b&gt; (ZUS&apos;s desktop program), import them there, then sign and send them there. ZUS&apos;s help pages list KEDU 5.0–5.4 for import into ePłatnik and 5.0–5.5 for Płatnik 10.2, so the files are written as KEDU 5.4 unless you choose another version.&lt;/p&gt;&lt;ol&gt;&lt;li&gt;Dokumenty: select a verified set → Export KEDU ▾ → For ePłatnik / Płatnik… (one client), or Month-end → Export for ePłatnik / Płatnik… (every client of the period, one file each and a JAK-ZAIMPORTOWAC.txt).&lt;/li&gt;&lt;li&gt;Import the file in ePłatnik or Płatnik as below.&lt;/li&gt;&lt;li&gt;Check, sign and send there; keep the UPO that ZUS issues there.&lt;/li&gt;&lt;/ol&gt;{steps}&lt;p&gt;From the command line: &lt;code&gt;eplatnik-cli kedu export --payer NIP --period RRRR-MM --for eplatnik -o plik.xml&lt;/code&gt; or &lt;code&gt;--clients all --period RRRR-MM --for platnik -o KATALOG&lt;/code&gt;.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Wysyłka do prawdziwego ZUS&lt;/h2&gt;&lt;p&gt;Ten program wyśle dokumenty do ZUS dopiero po przejściu testów akceptacyjnych ZUS dla oprogramowania interfejsowego. Do tego czasu stronę ZUS odgrywa &lt;b&gt;piaskownica&lt;/b&gt;: jej potwierdzenie pokazuje, że zestaw zostałby przyjęty, ale &lt;b&gt;nie jest potwierdzeniem ZUS (UPO)&lt;/b&gt; i nic nie trafia do ZUS.&lt;/p&gt;&lt;p&gt;Prawdziwa droga dziś: wyeksportuj deklaracje dla &lt;b&gt;ePłatnika&lt;/b&gt; (eZUS, w przeglądarce) albo &lt;b&gt;Płatnika&lt;/b&gt; (program ZUS), zaimportuj je tam, a potem tam podpisz i wyślij. Strony pomocy ZUS wymieniają import KEDU 5.0–5.4 w ePłatniku i 5.0–5.5 w Płatniku 10.2, dlatego pliki powstają jako KEDU 5.4, chyba że wybierzesz inną wersję.&lt;/p&gt;&lt;ol&gt;&lt;li&gt;Dokumenty: zaznacz zweryfikowany zestaw → Eksportuj KEDU ▾ → Dla ePłatnika / Płatnika… (jeden klient) albo Rozliczenie miesiąca → Eksport dla ePłatnika / Płatnika… (wszyscy klienci okresu, po jednym pliku i JAK-ZAIMPORTOWAC.txt).&lt;/li&gt;&lt;li&gt;Zaimportuj plik w ePłatniku albo Płatniku, jak niżej.&lt;/li&gt;&lt;li&gt;Sprawdź, podpisz i wyślij tam; zachowaj UPO, które tam wyda ZUS.&lt;/li&gt;&lt;/ol&gt;{steps}&lt;p&gt;Z wiersza poleceń: &lt;code&gt;eplatnik-cli kedu export --payer NIP --period RRRR-MM --for eplatnik -o plik.xml&lt;/code&gt; albo &lt;code&gt;--clients all --period RRRR-MM --for platnik -o KATALOG&lt;/code&gt;.&lt;/p&gt;</translation>
    </message>
</context>
</TS>
