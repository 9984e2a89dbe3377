<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
  <context>
    <name>SharedFileRow</name>
    <message>
      <source>Choose file…</source>
      <translation>Wybierz plik…</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>Usuń</translation>
    </message>
    <message>
      <source>{name} (path in the settings: {path})</source>
      <translation>{name} (ścieżka w ustawieniach: {path})</translation>
    </message>
    <message>
      <source>from the office database</source>
      <translation>z bazy biura</translation>
    </message>
    <message>
      <source>from the workspace database</source>
      <translation>z bazy obszaru roboczego</translation>
    </message>
    <message>
      <source>{name} ({where}, changed by {who} {when})</source>
      <translation>{name} ({where}, zmienił {who} {when})</translation>
    </message>
    <message>
      <source>Not stored: {error}</source>
      <translation>Nie zapisano: {error}</translation>
    </message>
    <message>
      <source>File refused</source>
      <translation>Plik odrzucony</translation>
    </message>
  </context>
</TS>
