<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Written by hand: Qt's own strings that the shipped qtbase_pl.qm leaves in English (Qt 6 changed
     them; "Look in:" became "&Look in:"), and "Zapisz" where it says "Zachowaj" (Polish programs say
     "Zapisz"). Loaded after qtbase_pl, so these win. Kept by i18n_build. -->
<TS version="2.1" language="pl_PL">
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;Szukaj w:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>Pliki &amp;typu:</translation>
    </message>
    <message>
        <source>Look in</source>
        <translation>Szukaj w</translation>
    </message>
    <message>
        <source>Files of type</source>
        <translation>Pliki typu</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Zapisz</translation>
    </message>
    <message>
        <source>Save As</source>
        <translation>Zapisz jako</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>Save</source>
        <translation>Zapisz</translation>
    </message>
    <message>
        <source>Save All</source>
        <translation>Zapisz wszystko</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Otwórz</translation>
    </message>
</context>
</TS>
