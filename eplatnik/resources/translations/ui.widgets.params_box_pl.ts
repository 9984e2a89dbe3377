<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
  <context>
    <name>ParamsBox</name>
    <message>
      <source>Contribution parameters</source>
      <translation>Parametry składek</translation>
    </message>
    <message>
      <source>Year</source>
      <translation>Rok</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Stan</translation>
    </message>
    <message>
      <source>File</source>
      <translation>Plik</translation>
    </message>
    <message>
      <source>Prepared</source>
      <translation>Przygotowano</translation>
    </message>
    <message>
      <source>Rates and amounts of each year, with their sources. A file installed here wins over the one that came with the program, so next year's figures can be added the day they are published.</source>
      <translation>Stawki i kwoty każdego roku wraz ze źródłami. Plik zainstalowany tutaj ma pierwszeństwo przed plikiem dostarczonym z programem, więc wartości na kolejny rok można dodać w dniu ich publikacji.</translation>
    </message>
    <message>
      <source>Install file…</source>
      <translation>Zainstaluj plik…</translation>
    </message>
    <message>
      <source>Details…</source>
      <translation>Szczegóły…</translation>
    </message>
    <message>
      <source>damaged: {problem}</source>
      <translation>uszkodzony: {problem}</translation>
    </message>
    <message>
      <source>not final: {n} figures (draft/forecast)</source>
      <translation>nieostateczne: {n} wartości (projekt/prognoza)</translation>
    </message>
    <message>
      <source>all final</source>
      <translation>wszystkie ostateczne</translation>
    </message>
    <message>
      <source>from the office database (installed by {who} {when})</source>
      <translation>z bazy biura (zainstalował {who} {when})</translation>
    </message>
    <message>
      <source>installed in the workspace</source>
      <translation>zainstalowany w obszarze roboczym</translation>
    </message>
    <message>
      <source>(overrides the program's own)</source>
      <translation>(zastępuje wbudowany w program)</translation>
    </message>
    <message>
      <source>packaged with the program</source>
      <translation>wbudowany w program</translation>
    </message>
    <message>
      <source>Parameter file</source>
      <translation>Plik parametrów</translation>
    </message>
    <message>
      <source>Installed the {year} parameters ({status}).</source>
      <translation>Zainstalowano parametry na {year} r. ({status}).</translation>
    </message>
    <message>
      <source>Not installed: {error}</source>
      <translation>Nie zainstalowano: {error}</translation>
    </message>
    <message>
      <source>Parameter file refused</source>
      <translation>Plik parametrów odrzucony</translation>
    </message>
    <message>
      <source>Figures that are not final yet, with their sources. All figures: eplatnik-cli params show YEAR.</source>
      <translation>Wartości, które nie są jeszcze ostateczne, wraz ze źródłami. Wszystkie wartości: eplatnik-cli params show ROK.</translation>
    </message>
  </context>
</TS>
