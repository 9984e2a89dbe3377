<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>FormView</name>
    <message>
        <source>Click a value to change it, Enter to save, Esc to cancel. The set is verified again after every change.</source>
        <translation>Kliknij wartość, aby ją zmienić; Enter zapisuje, Esc anuluje. Po każdej zmianie zestaw jest weryfikowany ponownie.</translation>
    </message>
    <message>
        <source>Insured persons {first}–{last} of {total}</source>
        <translation>Ubezpieczeni {first}–{last} z {total}</translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation>◀ Poprzedni</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>Następni ▶</translation>
    </message>
    <message>
        <source>Signature: the electronic signature of the KEDU file (Sign…)</source>
        <translation>Podpis: podpis elektroniczny pliku KEDU (Podpisz…)</translation>
    </message>
</context>
</TS>
