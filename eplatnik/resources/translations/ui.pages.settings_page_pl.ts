<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
  <context>
    <name>SettingsPage</name>
    <message>
      <source>Settings</source>
      <extracomment>below this page width the two groups stand one above the other</extracomment>
      <translation>Ustawienia</translation>
    </message>
    <message>
      <source>Language (after restart)</source>
      <translation>Język (po ponownym uruchomieniu)</translation>
    </message>
    <message>
      <source>Accountant at this seat</source>
      <translation>Osoba pracująca na tym stanowisku</translation>
    </message>
    <message>
      <source>Workspace folder</source>
      <translation>Katalog roboczy</translation>
    </message>
    <message>
      <source>Gateway</source>
      <translation>Bramka</translation>
    </message>
    <message>
      <source>Sandbox (local, nothing reaches ZUS)</source>
      <translation>Piaskownica (lokalna, nic nie trafia do ZUS)</translation>
    </message>
    <message>
      <source>ZUS production</source>
      <translation>Produkcja ZUS</translation>
    </message>
    <message>
      <source>Custom address</source>
      <translation>Własny adres</translation>
    </message>
    <message>
      <source>Profile</source>
      <translation>Profil</translation>
    </message>
    <message>
      <source>Custom gateway URL</source>
      <translation>Adres własnej bramki</translation>
    </message>
    <message>
      <source>ZUS production endpoint</source>
      <translation>Adres produkcyjny ZUS</translation>
    </message>
    <message>
      <source>Sending to the real ZUS requires that the program passes ZUS's acceptance tests for interface software. Until then use the sandbox.</source>
      <translation>Wysyłka do prawdziwego ZUS wymaga, aby program przeszedł testy akceptacyjne ZUS dla oprogramowania interfejsowego. Do tego czasu używaj piaskownicy.</translation>
    </message>
    <message>
      <source>Signing and verification</source>
      <translation>Podpis i weryfikacja</translation>
    </message>
    <message>
      <source>PKCS#11 module (card reader)</source>
      <translation>Moduł PKCS#11 (czytnik kart)</translation>
    </message>
    <message>
      <source>This seat</source>
      <translation>To stanowisko</translation>
    </message>
    <message>
      <source>Kept on this computer only: each desk of an office sets its own.</source>
      <translation>Zapisane tylko na tym komputerze: każde stanowisko w biurze ustawia je dla siebie.</translation>
    </message>
    <message>
      <source>PKCS#11 module</source>
      <translation>Moduł PKCS#11</translation>
    </message>
    <message>
      <source>Network</source>
      <translation>Sieć</translation>
    </message>
    <message>
      <source>From the system (HTTPS_PROXY, NO_PROXY)</source>
      <translation>Z systemu (HTTPS_PROXY)</translation>
    </message>
    <message>
      <source>No proxy</source>
      <translation>Bez serwera pośredniczącego</translation>
    </message>
    <message>
      <source>This proxy</source>
      <translation>Ten serwer pośredniczący</translation>
    </message>
    <message>
      <source>host names, comma separated</source>
      <translation>nazwy serwerów, rozdzielone przecinkami</translation>
    </message>
    <message>
      <source>Proxy</source>
      <translation>Pośrednik (proxy)</translation>
    </message>
    <message>
      <source>Proxy address</source>
      <translation>Adres pośrednika</translation>
    </message>
    <message>
      <source>Without proxy for</source>
      <translation>Bez pośrednika dla</translation>
    </message>
    <message>
      <source>The built-in sandbox (127.0.0.1) is always reached directly.</source>
      <translation>Z wbudowaną piaskownicą (127.0.0.1) program łączy się zawsze bezpośrednio.</translation>
    </message>
    <message>
      <source>Database</source>
      <translation>Baza danych</translation>
    </message>
    <message>
      <source>A change of database takes effect when the program is started again.</source>
      <translation>Zmiana bazy danych zacznie działać po ponownym uruchomieniu programu.</translation>
    </message>
    <message>
      <source>Office / workspace</source>
      <translation>Biuro / obszar roboczy</translation>
    </message>
    <message>
      <source>Shared by everyone working in this workspace.</source>
      <translation>Wspólne dla wszystkich pracujących w tym obszarze roboczym.</translation>
    </message>
    <message>
      <source>none (the issuer of a signature is not checked)</source>
      <translation>brak (wystawca podpisu nie jest sprawdzany)</translation>
    </message>
    <message>
      <source>none (the schemas built into the program)</source>
      <translation>brak (schematy wbudowane w program)</translation>
    </message>
    <message>
      <source>Trusted CA bundle (PEM)</source>
      <translation>Zaufane certyfikaty CA (PEM)</translation>
    </message>
    <message>
      <source>CA bundle</source>
      <translation>Pakiet certyfikatów CA</translation>
    </message>
    <message>
      <source>Official KEDU schema (XSD)</source>
      <translation>Oficjalny schemat KEDU (XSD)</translation>
    </message>
    <message>
      <source>KEDU schema</source>
      <translation>Schemat KEDU</translation>
    </message>
    <message>
      <source>E-visits and e-mail</source>
      <translation>E-wizyty i poczta e-mail</translation>
    </message>
    <message>
      <source>STARTTLS (usually port 587)</source>
      <translation>STARTTLS (zwykle port 587)</translation>
    </message>
    <message>
      <source>SSL/TLS (usually port 465)</source>
      <translation>SSL/TLS (zwykle port 465)</translation>
    </message>
    <message>
      <source>none — only a server in the office network (port 25)</source>
      <translation>brak — tylko serwer w sieci biura (port 25)</translation>
    </message>
    <message>
      <source>empty if the server needs no login</source>
      <translation>puste, jeśli serwer nie wymaga logowania</translation>
    </message>
    <message>
      <source>Send a test message</source>
      <translation>Wyślij wiadomość próbną</translation>
    </message>
    <message>
      <source>E-visit slot length (minutes, assumption)</source>
      <translation>Długość e-wizyty (min, założenie)</translation>
    </message>
    <message>
      <source>SMTP server</source>
      <translation>Serwer SMTP</translation>
    </message>
    <message>
      <source>SMTP port</source>
      <translation>Port SMTP</translation>
    </message>
    <message>
      <source>Security</source>
      <translation>Zabezpieczenie</translation>
    </message>
    <message>
      <source>Login</source>
      <translation>Login</translation>
    </message>
    <message>
      <source>Sender address</source>
      <translation>Adres nadawcy</translation>
    </message>
    <message>
      <source>Tell by e-mail about new letters from ZUS and rejected sets:</source>
      <translation>Powiadamiaj e-mailem o nowych pismach z ZUS i odrzuconych zestawach:</translation>
    </message>
    <message>
      <source>E-mail address</source>
      <translation>Adres e-mail</translation>
    </message>
    <message>
      <source>In use now: {address}</source>
      <translation>Teraz w użyciu: {address}</translation>
    </message>
    <message>
      <source>Save settings</source>
      <translation>Zapisz ustawienia</translation>
    </message>
    <message>
      <source>Password (this computer only)</source>
      <translation>Hasło (tylko na tym komputerze)</translation>
    </message>
    <message>
      <source>empty: no e-mail</source>
      <translation>puste: bez e-maili</translation>
    </message>
    <message>
      <source>The proxy address must look like http://host:port — nothing was saved.</source>
      <translation>Adres serwera pośredniczącego musi mieć postać http://serwer:port — niczego nie zapisano.</translation>
    </message>
    <message>
      <source>Saved. The new database is used after the program is started again.</source>
      <translation>Zapisano. Nowa baza danych będzie używana po ponownym uruchomieniu programu.</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>Zapisano.</translation>
    </message>
    <message>
      <source>Sending…</source>
      <translation>Wysyłanie…</translation>
    </message>
    <message>
      <source>Sent to {to}. Check that it arrived.</source>
      <translation>Wysłano na {to}. Sprawdź, czy doszła.</translation>
    </message>
  </context>
</TS>
