<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>agentmon</name>
    <message>
        <source>Watch the processes of AI coding agents, reap what they leak, cap how many run.</source>
        <translation>Die Prozesse von KI-Coding-Agenten überwachen, aufräumen, was sie zurücklassen, und begrenzen, wie viele laufen.</translation>
    </message>
    <message>
        <source>Start in the tray only.</source>
        <translation>Nur in der Kontrollleiste starten.</translation>
    </message>
    <message>
        <source>Serve the HTTP API on port N (default: the api/port setting).</source>
        <translation>Die HTTP-API auf Port N anbieten (Standard: die Einstellung api/port).</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;</source>
        <translation>unerwartetes Argument „%1“</translation>
    </message>
    <message>
        <source>--port takes a number from 0 to 65535</source>
        <translation>--port erwartet eine Zahl von 0 bis 65535</translation>
    </message>
    <message>
        <source>another agentmon holds the window lock but does not answer</source>
        <translation>ein anderes agentmon hält die Fenstersperre, antwortet aber nicht</translation>
    </message>
</context>
<context>
    <name>agentmon::AuditModel</name>
    <message>
        <source>killed</source>
        <translation>beendet</translation>
    </message>
    <message>
        <source>survived</source>
        <translation>überlebt</translation>
    </message>
    <message>
        <source>already gone</source>
        <translation>schon verschwunden</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>übersprungen</translation>
    </message>
    <message>
        <source>planned (dry run)</source>
        <translation>geplant (Probelauf)</translation>
    </message>
    <message>
        <source>you</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <source>periodic reaper</source>
        <translation>regelmäßiger Aufräumer</translation>
    </message>
    <message>
        <source>policy: %1</source>
        <translation>Richtlinie: %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>%1
Reap %2</source>
        <translation>%1
Aufräumen %2</translation>
    </message>
    <message>
        <source>PID %1, start time %2</source>
        <translation>PID %1, Startzeit %2</translation>
    </message>
    <message>
        <source>%1 KB resident memory freed</source>
        <translation>%1 KB residenter Speicher freigegeben</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Signal</source>
        <translation>Signal</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Freed</source>
        <translation>Freigegeben</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>Angefordert von</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>Auslöser</translation>
    </message>
    <message>
        <source>When the process was signalled (local time)</source>
        <translation>Wann der Prozess das Signal erhielt (Ortszeit)</translation>
    </message>
    <message>
        <source>The agent session the process belonged to</source>
        <translation>Die Agent-Sitzung, zu der der Prozess gehörte</translation>
    </message>
    <message>
        <source>Process ID</source>
        <translation>Prozess-ID</translation>
    </message>
    <message>
        <source>The process&apos;s command line</source>
        <translation>Die Befehlszeile des Prozesses</translation>
    </message>
    <message>
        <source>What agentmon took the process for (session, agent, MCP server, tool...)</source>
        <translation>Wofür agentmon den Prozess hielt (Sitzung, Agent, MCP-Server, Werkzeug …)</translation>
    </message>
    <message>
        <source>Why the process was chosen</source>
        <translation>Warum der Prozess ausgewählt wurde</translation>
    </message>
    <message>
        <source>The last signal sent: SIGTERM, or SIGKILL after the grace period</source>
        <translation>Das zuletzt gesendete Signal: SIGTERM oder nach der Schonfrist SIGKILL</translation>
    </message>
    <message>
        <source>What happened: killed, survived (still alive after SIGKILL), already gone, skipped, or planned by a dry run</source>
        <translation>Was geschah: beendet, überlebt (nach SIGKILL noch am Leben), schon verschwunden, übersprungen oder von einem Probelauf geplant</translation>
    </message>
    <message>
        <source>Resident memory freed by the process&apos;s death</source>
        <translation>Durch das Ende des Prozesses freigegebener residenter Speicher</translation>
    </message>
    <message>
        <source>Who asked for the reap: you, the API, the periodic reaper or a policy</source>
        <translation>Wer das Aufräumen angefordert hat: Sie, die API, der regelmäßige Aufräumer oder eine Richtlinie</translation>
    </message>
    <message>
        <source>What triggered the reap (route, condition...)</source>
        <translation>Was das Aufräumen ausgelöst hat (Route, Bedingung …)</translation>
    </message>
</context>
<context>
    <name>agentmon::Autostart</name>
    <message>
        <source>Watch AI coding agents and clean up what they leave behind</source>
        <translation>KI-Coding-Agenten überwachen und aufräumen, was sie zurücklassen</translation>
    </message>
    <message>
        <source>Could not remove %1</source>
        <translation>%1 konnte nicht entfernt werden</translation>
    </message>
    <message>
        <source>No program to start</source>
        <translation>Kein Programm zum Starten</translation>
    </message>
    <message>
        <source>Could not create the folder %1</source>
        <translation>Der Ordner %1 konnte nicht angelegt werden</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>agentmon::CoreText</name>
    <message>
        <source>%1; protected by rule %2</source>
        <translation>%1; geschützt durch Regel %2</translation>
    </message>
    <message>
        <source>exited; parent %1 has not reaped it</source>
        <translation>beendet; Elternprozess %1 hat ihn nicht eingesammelt</translation>
    </message>
    <message>
        <source>parent %1 exited %2 ago</source>
        <translation>Elternprozess %1 vor %2 beendet</translation>
    </message>
    <message>
        <source>adopted by PID 1</source>
        <translation>von PID 1 adoptiert</translation>
    </message>
    <message>
        <source>adopted by subreaper %1</source>
        <translation>vom Subreaper %1 adoptiert</translation>
    </message>
    <message>
        <source>now child of %1</source>
        <translation>jetzt Kind von %1</translation>
    </message>
    <message>
        <source>adopted by %1, which started after it</source>
        <translation>von %1 adoptiert, das nach ihm startete</translation>
    </message>
    <message>
        <source>session %1 ended %2 ago</source>
        <translation>Sitzung %1 vor %2 beendet</translation>
    </message>
    <message>
        <source>%1; a leftover if still alive after %2</source>
        <translation>%1; ein Überbleibsel, wenn nach %2 noch am Leben</translation>
    </message>
    <message>
        <source>%1; %2</source>
        <translation>%1; %2</translation>
    </message>
    <message>
        <source>parent exited; %1</source>
        <translation>Elternprozess beendet; %1</translation>
    </message>
    <message>
        <source>below %1% CPU for %2 under daemon %3</source>
        <translation>seit %2 unter %1 % CPU unter Daemon %3</translation>
    </message>
    <message>
        <source>running for %1 (max %2) without a live interactive session</source>
        <translation>läuft seit %1 (höchstens %2) ohne lebende interaktive Sitzung</translation>
    </message>
    <message>
        <source>interactive session on %1</source>
        <translation>interaktive Sitzung auf %1</translation>
    </message>
    <message>
        <source>agent daemon</source>
        <translation>Agent-Daemon</translation>
    </message>
    <message>
        <source>%1 started by %2</source>
        <translation>%1, gestartet von %2</translation>
    </message>
    <message>
        <source>in live session %1, child of %2</source>
        <translation>in der lebenden Sitzung %1, Kind von %2</translation>
    </message>
    <message>
        <source>in session %1 (known by its markers; its agent was not seen), child of %2</source>
        <translation>in Sitzung %1 (an ihren Markierungen erkannt; ihr Agent wurde nicht gesehen), Kind von %2</translation>
    </message>
    <message>
        <source>in session %1, child of %2</source>
        <translation>in Sitzung %1, Kind von %2</translation>
    </message>
    <message>
        <source>child of %1</source>
        <translation>Kind von %1</translation>
    </message>
    <message>
        <source>registered; judged at the next sample</source>
        <translation>registriert; wird bei der nächsten Messung beurteilt</translation>
    </message>
    <message>
        <source>zombie: %1</source>
        <translation>Zombie: %1</translation>
    </message>
    <message>
        <source>kernel thread</source>
        <translation>Kernel-Thread</translation>
    </message>
    <message>
        <source>belongs to uid %1</source>
        <translation>gehört UID %1</translation>
    </message>
    <message>
        <source>gone, or its identity could not be verified</source>
        <translation>verschwunden, oder seine Identität ließ sich nicht prüfen</translation>
    </message>
    <message>
        <source>protected by rule %1</source>
        <translation>geschützt durch Regel %1</translation>
    </message>
    <message>
        <source>younger than the minimum age (%1 of %2)</source>
        <translation>jünger als das Mindestalter (%1 von %2)</translation>
    </message>
    <message>
        <source>in the live interactive session %1</source>
        <translation>in der lebenden interaktiven Sitzung %1</translation>
    </message>
    <message>
        <source>started by %1, which is reaped</source>
        <translation>gestartet von %1, das aufgeräumt wird</translation>
    </message>
    <message>
        <source>gone, or its pid now belongs to another process</source>
        <translation>verschwunden, oder seine PID gehört jetzt einem anderen Prozess</translation>
    </message>
    <message>
        <source>started by %1, which is killed</source>
        <translation>gestartet von %1, das beendet wird</translation>
    </message>
    <message>
        <source>found while the reap ran (process group or child of a target)</source>
        <translation>während des Aufräumens gefunden (Prozessgruppe oder Kind eines Ziels)</translation>
    </message>
    <message>
        <source>its owner could not be read</source>
        <translation>sein Besitzer ließ sich nicht lesen</translation>
    </message>
    <message>
        <source>pid %1 is never signalled</source>
        <translation>PID %1 erhält nie ein Signal</translation>
    </message>
    <message>
        <source>agentmon itself</source>
        <translation>agentmon selbst</translation>
    </message>
    <message>
        <source>an ancestor of agentmon</source>
        <translation>ein Vorfahre von agentmon</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>in Ordnung</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>kritisch</translation>
    </message>
    <message>
        <source>PSI full avg10 %1 &gt; %2</source>
        <translation>PSI full avg10 %1 &gt; %2</translation>
    </message>
    <message>
        <source>MemAvailable %1 &lt; %2</source>
        <translation>MemAvailable %1 &lt; %2</translation>
    </message>
    <message>
        <source>swap used %1 &gt; %2</source>
        <translation>Swap belegt %1 &gt; %2</translation>
    </message>
    <message>
        <source>PSI some avg10 %1 &gt; %2</source>
        <translation>PSI some avg10 %1 &gt; %2</translation>
    </message>
    <message>
        <source>zombies %1 &gt; %2</source>
        <translation>Zombies %1 &gt; %2</translation>
    </message>
    <message>
        <source>%1 (%2 hysteresis)</source>
        <translation>%1 (%2 Hysterese)</translation>
    </message>
    <message>
        <source>%1% of %2 MB</source>
        <translation>%1 % von %2 MB</translation>
    </message>
    <message>
        <source>%1 kept for at least %2 s (entered %3 s ago)</source>
        <translation>%1 bleibt mindestens %2 s (seit %3 s)</translation>
    </message>
    <message>
        <source>session %1 ended %2 ago: %3, %4 left</source>
        <translation>Sitzung %1 vor %2 beendet: %3, %4 übrig</translation>
    </message>
    <message>
        <source>session %1 ended at least %2 ago: %3, %4 left</source>
        <translation>Sitzung %1 vor mindestens %2 beendet: %3, %4 übrig</translation>
    </message>
    <message>
        <source>%1 process</source>
        <translation>%1 Prozess</translation>
    </message>
    <message>
        <source>%1 processes</source>
        <translation>%1 Prozesse</translation>
    </message>
    <message>
        <source>%1 copies of %2 (%3)</source>
        <translation>%1 Kopien von %2 (%3)</translation>
    </message>
    <message>
        <source>not enough samples yet</source>
        <translation>noch nicht genug Messungen</translation>
    </message>
    <message>
        <source>stable</source>
        <translation>stabil</translation>
    </message>
    <message>
        <source>~%1 agent process/hour</source>
        <translation>~%1 Agent-Prozess/Stunde</translation>
    </message>
    <message>
        <source>~%1 agent processes/hour</source>
        <translation>~%1 Agent-Prozesse/Stunde</translation>
    </message>
    <message>
        <source>agent memory +%1/hour</source>
        <translation>Agent-Speicher +%1/Stunde</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>%1; memory exhausted in %2</source>
        <translation>%1; Speicher erschöpft in %2</translation>
    </message>
    <message>
        <source>%1; memory exhausted</source>
        <translation>%1; Speicher erschöpft</translation>
    </message>
    <message>
        <source>correct it in %1</source>
        <translation>korrigieren Sie es in %1</translation>
    </message>
    <message>
        <source>fix the entry in %1; the built-in rules stay in force</source>
        <translation>korrigieren Sie den Eintrag in %1; die eingebauten Regeln bleiben in Kraft</translation>
    </message>
    <message>
        <source>the API token %1 is readable by other users</source>
        <translation>das API-Token %1 ist für andere Benutzer lesbar</translation>
    </message>
    <message>
        <source>the instance does not answer /api/doctor: %1</source>
        <translation>die Instanz antwortet nicht auf /api/doctor: %1</translation>
    </message>
    <message>
        <source>restart it (agentmonctl daemon, or the agentmon app)</source>
        <translation>starten Sie sie neu (agentmonctl daemon oder die agentmon-App)</translation>
    </message>
    <message>
        <source>%1 is not valid JSON</source>
        <translation>%1 ist kein gültiges JSON</translation>
    </message>
    <message>
        <source>it is moved aside and rebuilt when agentmon next starts</source>
        <translation>sie wird beim nächsten Start von agentmon beiseitegelegt und neu aufgebaut</translation>
    </message>
    <message>
        <source>%1 registry entries belong to processes that exited</source>
        <translation>%1 Registereinträge gehören zu beendeten Prozessen</translation>
    </message>
    <message>
        <source>start agentmon (or agentmonctl daemon): it prunes them</source>
        <translation>starten Sie agentmon (oder agentmonctl daemon): es räumt sie weg</translation>
    </message>
    <message>
        <source>check free space and permissions of %1</source>
        <translation>prüfen Sie freien Platz und Rechte von %1</translation>
    </message>
    <message>
        <source>they are pruned by the next health sweep (every %1 s)</source>
        <translation>sie werden bei der nächsten Zustandsprüfung entfernt (alle %1 s)</translation>
    </message>
    <message>
        <source>%1 processes named claude running, %2 matched by the rules</source>
        <translation>%1 Prozesse namens claude laufen, %2 davon von den Regeln erkannt</translation>
    </message>
    <message>
        <source>add a cleanup rule for them to %1</source>
        <translation>fügen Sie in %1 eine Aufräumregel für sie hinzu</translation>
    </message>
    <message>
        <source>pidfd_open is not available: agentmon cannot verify a process before signalling it, so it signals nothing</source>
        <translation>pidfd_open ist nicht verfügbar: agentmon kann einen Prozess vor dem Signal nicht prüfen und sendet darum keine Signale</translation>
    </message>
    <message>
        <source>run a Linux kernel of 5.3 or later</source>
        <translation>verwenden Sie einen Linux-Kernel ab 5.3</translation>
    </message>
    <message>
        <source>no /proc/pressure/memory: memory pressure is judged from MemAvailable and swap only</source>
        <translation>kein /proc/pressure/memory: der Speicherdruck wird nur nach MemAvailable und Swap beurteilt</translation>
    </message>
    <message>
        <source>boot with psi=1 (Linux 4.20 or later, CONFIG_PSI)</source>
        <translation>mit psi=1 booten (Linux ab 4.20, CONFIG_PSI)</translation>
    </message>
    <message>
        <source>the kill audit log %1 is unavailable: %2</source>
        <translation>das Audit-Protokoll der Beendigungen %1 ist nicht verfügbar: %2</translation>
    </message>
    <message>
        <source>memory pressure is %1: %2</source>
        <translation>Speicherdruck ist %1: %2</translation>
    </message>
    <message>
        <source>agentmonctl reap --once --dry-run shows what a reaper pass would free</source>
        <translation>agentmonctl reap --once --dry-run zeigt, was ein Aufräumer-Durchgang freigeben würde</translation>
    </message>
    <message>
        <source>agentmon could not become a child subreaper</source>
        <translation>agentmon konnte kein Child-Subreaper werden</translation>
    </message>
    <message>
        <source>needs Linux 3.4 or later; orphans of launched agents go to PID 1 instead</source>
        <translation>erfordert Linux ab 3.4; verwaiste Prozesse gestarteter Agenten gehen stattdessen an PID 1</translation>
    </message>
    <message>
        <source>%1: %2 = &quot;%3&quot; is not a number from %4 to %5; using %6</source>
        <translation>%1: %2 = „%3“ ist keine Zahl von %4 bis %5; %6 wird verwendet</translation>
    </message>
    <message>
        <source>%1=&quot;%2&quot; is not a number from 1 to 1000; ignored</source>
        <translation>%1=„%2“ ist keine Zahl von 1 bis 1000; ignoriert</translation>
    </message>
    <message>
        <source>%1: %2 = &quot;%3&quot; is not off, notify or auto; using the default</source>
        <translation>%1: %2 = „%3“ ist weder off, notify noch auto; der Standardwert wird verwendet</translation>
    </message>
    <message>
        <source>%1: not valid JSON at offset %2: %3</source>
        <translation>%1: kein gültiges JSON an Position %2: %3</translation>
    </message>
    <message>
        <source>%1: rule %2</source>
        <translation>%1: Regel %2</translation>
    </message>
    <message>
        <source>%1: must be an object</source>
        <translation>%1: muss ein Objekt sein</translation>
    </message>
    <message>
        <source>%1: %2; rule ignored</source>
        <translation>%1: %2; Regel ignoriert</translation>
    </message>
    <message>
        <source>built-in rules are missing from the binary</source>
        <translation>die eingebauten Regeln fehlen im Programm</translation>
    </message>
    <message>
        <source>built-in rules</source>
        <translation>eingebaute Regeln</translation>
    </message>
    <message>
        <source>%1: cannot be read: %2</source>
        <translation>%1: kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>mcp</source>
        <translation>MCP</translation>
    </message>
    <message>
        <source>tool</source>
        <translation>Werkzeug</translation>
    </message>
    <message>
        <source>daemon</source>
        <translation>Daemon</translation>
    </message>
    <message>
        <source>child</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>%1 (%2 samples not recorded so far)</source>
        <translation>%1 (bisher %2 Messungen nicht aufgezeichnet)</translation>
    </message>
    <message>
        <source>%1 rows of the kill audit log are not written yet: %2</source>
        <translation>%1 Zeilen des Audit-Protokolls der Beendigungen sind noch nicht geschrieben: %2</translation>
    </message>
    <message>
        <source>they are kept and written once %1 has room again; check free space and permissions of %1</source>
        <translation>sie werden aufbewahrt und geschrieben, sobald %1 wieder Platz hat; prüfen Sie freien Platz und Rechte von %1</translation>
    </message>
    <message>
        <source>%1 rows of the kill audit log were lost: too many waited to be written</source>
        <translation>%1 Zeilen des Audit-Protokolls der Beendigungen gingen verloren: zu viele warteten darauf, geschrieben zu werden</translation>
    </message>
</context>
<context>
    <name>agentmon::CoreWorker</name>
    <message>
        <source>The process has exited.</source>
        <translation>Der Prozess ist beendet.</translation>
    </message>
    <message>
        <source>The process has exited; this is what was last seen of it.</source>
        <translation>Der Prozess ist beendet; dies wurde zuletzt von ihm gesehen.</translation>
    </message>
</context>
<context>
    <name>agentmon::DoctorView</name>
    <message>
        <source>Instance</source>
        <translation>Instanz</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>Regeln</translation>
    </message>
    <message>
        <source>API token</source>
        <translation>API-Token</translation>
    </message>
    <message>
        <source>Registry</source>
        <translation>Register</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>Memory pressure</source>
        <translation>Speicherdruck</translation>
    </message>
    <message>
        <source>Zombies</source>
        <translation>Zombies</translation>
    </message>
    <message>
        <source>Untracked agents</source>
        <translation>Nicht erfasste Agenten</translation>
    </message>
    <message>
        <source>Leaks</source>
        <translation>Lecks</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>Duplikate</translation>
    </message>
    <message>
        <source>Trend</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Pool</source>
        <translation>Pool</translation>
    </message>
    <message>
        <source>Drift</source>
        <translation>Drift</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>not available</source>
        <translation>nicht verfügbar</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Neu laden</translation>
    </message>
    <message>
        <source>Run the checks again (F5)</source>
        <translation>Die Prüfungen erneut ausführen (F5)</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Eintrag</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>No report yet</source>
        <translation>Noch kein Bericht</translation>
    </message>
    <message>
        <source>Press Refresh to run the checks.</source>
        <translation>Drücken Sie „Neu laden“, um die Prüfungen auszuführen.</translation>
    </message>
    <message>
        <source>Checked at %1.</source>
        <translation>Geprüft um %1.</translation>
    </message>
    <message>
        <source>No problems found</source>
        <translation>Keine Probleme gefunden</translation>
    </message>
    <message>
        <source>1 problem</source>
        <translation>1 Problem</translation>
    </message>
    <message numerus="yes">
        <source>%n problems</source>
        <translation>
            <numerusform>%n Problem</numerusform>
            <numerusform>%n Probleme</numerusform>
        </translation>
    </message>
    <message>
        <source>The checks could not run</source>
        <translation>Die Prüfungen konnten nicht laufen</translation>
    </message>
    <message>
        <source>Running the checks…</source>
        <translation>Prüfungen laufen…</translation>
    </message>
    <message>
        <source>Fix:</source>
        <translation>Abhilfe:</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy the fix to the clipboard</source>
        <translation>Die Abhilfe in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>leer</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>1 item</source>
        <translation>1 Eintrag</translation>
    </message>
    <message numerus="yes">
        <source>%n items</source>
        <translation>
            <numerusform>%n Eintrag</numerusform>
            <numerusform>%n Einträge</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 more not shown</source>
        <translation>%1 weitere nicht angezeigt</translation>
    </message>
</context>
<context>
    <name>agentmon::HistoryView</name>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>Show the last hour</source>
        <translation>Die letzte Stunde anzeigen</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>Letzter Tag</translation>
    </message>
    <message>
        <source>Show the last 24 hours</source>
        <translation>Die letzten 24 Stunden anzeigen</translation>
    </message>
    <message>
        <source>Last week</source>
        <translation>Letzte Woche</translation>
    </message>
    <message>
        <source>Show the last 7 days</source>
        <translation>Die letzten 7 Tage anzeigen</translation>
    </message>
    <message>
        <source>Memory (GB)</source>
        <translation>Speicher (GB)</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>Agenten</translation>
    </message>
    <message>
        <source>Memory available</source>
        <translation>Verfügbarer Speicher</translation>
    </message>
    <message>
        <source>Agent memory</source>
        <translation>Agent-Speicher</translation>
    </message>
    <message>
        <source>Reaps</source>
        <translation>Aufräumvorgänge</translation>
    </message>
    <message>
        <source>Memory history chart</source>
        <translation>Verlaufsdiagramm des Speichers</translation>
    </message>
    <message>
        <source>No history yet: agentmon records a sample every few seconds while it runs.</source>
        <translation>Noch kein Verlauf: agentmon zeichnet alle paar Sekunden eine Messung auf, solange es läuft.</translation>
    </message>
    <message>
        <source>periodic reaper</source>
        <translation>regelmäßiger Aufräumer</translation>
    </message>
    <message>
        <source>reap by you</source>
        <translation>Aufräumen durch Sie</translation>
    </message>
    <message>
        <source>reap through the API</source>
        <translation>Aufräumen über die API</translation>
    </message>
    <message>
        <source>policy %1</source>
        <translation>Richtlinie %1</translation>
    </message>
    <message>
        <source>reap by %1</source>
        <translation>Aufräumen durch %1</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1, session %2</source>
        <translation>%1, Sitzung %2</translation>
    </message>
    <message numerus="yes">
        <source>%n killed</source>
        <translation>
            <numerusform>%n beendet</numerusform>
            <numerusform>%n beendet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n survived</source>
        <translation>
            <numerusform>%n überlebt</numerusform>
            <numerusform>%n überlebt</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 freed</source>
        <translation>%1 freigegeben</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>agentmon::LocalWorker</name>
    <message>
        <source>agentmonctl cannot find this instance: %1</source>
        <translation>agentmonctl findet diese Instanz nicht: %1</translation>
    </message>
    <message>
        <source>The HTTP API is off: cannot listen on 127.0.0.1:%1 (%2).</source>
        <translation>Die HTTP-API ist aus: Lauschen auf 127.0.0.1:%1 nicht möglich (%2).</translation>
    </message>
    <message>
        <source>The HTTP API is off: %1</source>
        <translation>Die HTTP-API ist aus: %1</translation>
    </message>
    <message>
        <source>This preview is no longer available; open it again.</source>
        <translation>Diese Vorschau ist nicht mehr verfügbar; bitte erneut öffnen.</translation>
    </message>
</context>
<context>
    <name>agentmon::MainWindow</name>
    <message>
        <source>agentmon</source>
        <translation>agentmon</translation>
    </message>
    <message>
        <source>&amp;Processes</source>
        <translation>&amp;Prozesse</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>&amp;Verlauf</translation>
    </message>
    <message>
        <source>&amp;Doctor</source>
        <translation>&amp;Diagnose</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <source>&amp;Reap Session…</source>
        <translation>Sitzung &amp;aufräumen…</translation>
    </message>
    <message>
        <source>End the selected session&apos;s whole process tree (preview first) (%1)</source>
        <translation>Den ganzen Prozessbaum der ausgewählten Sitzung beenden (zuerst Vorschau) (%1)</translation>
    </message>
    <message>
        <source>Kill &amp;Orphans…</source>
        <translation>&amp;Verwaiste beenden…</translation>
    </message>
    <message>
        <source>One reaper pass over orphaned, idle and stale agent processes (preview first) (%1)</source>
        <translation>Ein Durchgang des Aufräumers über verwaiste, untätige und veraltete Agent-Prozesse (zuerst Vorschau) (%1)</translation>
    </message>
    <message>
        <source>&amp;Kill Selected…</source>
        <translation>Ausgewählte &amp;beenden…</translation>
    </message>
    <message>
        <source>End the selected processes and what they started (preview first) (%1)</source>
        <translation>Die ausgewählten Prozesse und was sie gestartet haben beenden (zuerst Vorschau) (%1)</translation>
    </message>
    <message>
        <source>&amp;Details…</source>
        <translation>&amp;Details…</translation>
    </message>
    <message>
        <source>Show &amp;All Processes</source>
        <translation>&amp;Alle Prozesse anzeigen</translation>
    </message>
    <message>
        <source>Show every process of the machine, not only agent processes</source>
        <translation>Jeden Prozess des Rechners anzeigen, nicht nur Agent-Prozesse</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Neu laden</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Suchen…</translation>
    </message>
    <message>
        <source>&amp;Pause Reaper</source>
        <translation>Aufräumer &amp;pausieren</translation>
    </message>
    <message>
        <source>Stop the periodic reaper and automatic policies until resumed (kept across restarts); your own reaps still run</source>
        <translation>Den regelmäßigen Aufräumer und automatische Richtlinien anhalten, bis sie fortgesetzt werden (bleibt über Neustarts erhalten); Ihr eigenes Aufräumen läuft weiter</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Actions</source>
        <translation>A&amp;ktionen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About agentmon</source>
        <translation>&amp;Über agentmon</translation>
    </message>
    <message>
        <source>About agentmon</source>
        <translation>Über agentmon</translation>
    </message>
    <message>
        <source>&lt;h3&gt;agentmon %1&lt;/h3&gt;&lt;p&gt;Watches the processes of AI coding agents, tells you when they leak or memory runs short, and cleans up without hitting the wrong process.&lt;/p&gt;&lt;p&gt;Every signal goes to a process verified by its pid and start time.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;agentmon %1&lt;/h3&gt;&lt;p&gt;Überwacht die Prozesse von KI-Coding-Agenten, meldet Lecks und knappen Speicher und räumt auf, ohne den falschen Prozess zu treffen.&lt;/p&gt;&lt;p&gt;Jedes Signal geht an einen Prozess, der anhand seiner PID und Startzeit geprüft wurde.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Aktionen</translation>
    </message>
    <message>
        <source>&lt;b&gt;Sessions&lt;/b&gt;</source>
        <translation>&lt;b&gt;Sitzungen&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Select a session to see its processes; Esc shows all again</source>
        <translation>Wählen Sie eine Sitzung, um ihre Prozesse zu sehen; Esc zeigt wieder alle</translation>
    </message>
    <message>
        <source>&lt;b&gt;All agent processes&lt;/b&gt;</source>
        <translation>&lt;b&gt;Alle Agent-Prozesse&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Filter: pid, command, session, status…</source>
        <translation>Filter: PID, Befehl, Sitzung, Status…</translation>
    </message>
    <message>
        <source>Show all processes</source>
        <translation>Alle Prozesse anzeigen</translation>
    </message>
    <message>
        <source>&lt;b&gt;Kill audit log&lt;/b&gt; — every process agentmon signalled or chose not to, newest first</source>
        <translation>&lt;b&gt;Audit-Protokoll der Beendigungen&lt;/b&gt; – jeder Prozess, dem agentmon ein Signal sandte oder bewusst nicht sandte, neueste zuerst</translation>
    </message>
    <message>
        <source>Memory: ok</source>
        <translation>Speicher: in Ordnung</translation>
    </message>
    <message>
        <source>Memory: warning</source>
        <translation>Speicher: Warnung</translation>
    </message>
    <message>
        <source>Memory: critical</source>
        <translation>Speicher: kritisch</translation>
    </message>
    <message>
        <source>No sign of memory pressure</source>
        <translation>Kein Anzeichen von Speicherdruck</translation>
    </message>
    <message>
        <source>Sampled %1 · 1 process</source>
        <translation>Gemessen %1 · 1 Prozess</translation>
    </message>
    <message numerus="yes">
        <source>Sampled %1 · %n processes</source>
        <translation>
            <numerusform>Gemessen %1 · %n Prozess</numerusform>
            <numerusform>Gemessen %1 · %n Prozesse</numerusform>
        </translation>
    </message>
    <message>
        <source>The last sample of /proc took %1 ms</source>
        <translation>Die letzte Messung von /proc dauerte %1 ms</translation>
    </message>
    <message>
        <source>The last answer of the running instance</source>
        <translation>Die letzte Antwort der laufenden Instanz</translation>
    </message>
    <message>
        <source>Reaper: paused</source>
        <translation>Aufräumer: pausiert</translation>
    </message>
    <message>
        <source>Reaper: off</source>
        <translation>Aufräumer: aus</translation>
    </message>
    <message>
        <source>Reaper: next pass in %1</source>
        <translation>Aufräumer: nächster Durchgang in %1</translation>
    </message>
    <message>
        <source>Reaper: every %1</source>
        <translation>Aufräumer: alle %1</translation>
    </message>
    <message>
        <source>This window runs agentmon · API 127.0.0.1:%1</source>
        <translation>Dieses Fenster betreibt agentmon · API 127.0.0.1:%1</translation>
    </message>
    <message>
        <source>This window runs agentmon · API off</source>
        <translation>Dieses Fenster betreibt agentmon · API aus</translation>
    </message>
    <message>
        <source>Connected to the running agentmon (pid %1)</source>
        <translation>Mit dem laufenden agentmon verbunden (PID %1)</translation>
    </message>
    <message>
        <source>agentmon already ran when this window opened (agentmonctl daemon, or another agentmon): this window shows it and acts through its API.</source>
        <translation>agentmon lief bereits, als dieses Fenster geöffnet wurde (agentmonctl daemon oder ein anderes agentmon): Dieses Fenster zeigt es an und handelt über seine API.</translation>
    </message>
    <message>
        <source>Not running: %1</source>
        <translation>Läuft nicht: %1</translation>
    </message>
    <message>
        <source>Trying again every few seconds</source>
        <translation>Neuer Versuch alle paar Sekunden</translation>
    </message>
    <message>
        <source>Only the instance itself kills chosen processes: reap their session instead</source>
        <translation>Nur die Instanz selbst beendet ausgewählte Prozesse: Räumen Sie stattdessen deren Sitzung auf</translation>
    </message>
    <message>
        <source>&lt;b&gt;Session %1&lt;/b&gt;</source>
        <translation>&lt;b&gt;Sitzung %1&lt;/b&gt;</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n sessions&lt;/b&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;%n Sitzung&lt;/b&gt;</numerusform>
            <numerusform>&lt;b&gt;%n Sitzungen&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%1 in %2</translation>
    </message>
    <message>
        <source>agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Show All Sessions</source>
        <translation>Alle Sitzungen anzeigen</translation>
    </message>
</context>
<context>
    <name>agentmon::MonitorBackend</name>
    <message>
        <source>agentmon is not running yet: %1</source>
        <translation>agentmon läuft noch nicht: %1</translation>
    </message>
    <message>
        <source>agentmon is not running: %1</source>
        <translation>agentmon läuft nicht: %1</translation>
    </message>
</context>
<context>
    <name>agentmon::NotificationThrottle</name>
    <message numerus="yes">
        <source>%n sessions leaked</source>
        <translation>
            <numerusform>%n Sitzung mit Leck</numerusform>
            <numerusform>%n Sitzungen mit Leck</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n automatic reaps</source>
        <translation>
            <numerusform>%n automatisches Aufräumen</numerusform>
            <numerusform>%n automatische Aufräumvorgänge</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n notifications</source>
        <translation>
            <numerusform>%n Benachrichtigung</numerusform>
            <numerusform>%n Benachrichtigungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>und %n weiterer</numerusform>
            <numerusform>und %n weitere</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>agentmon::ProcessClass</name>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>MCP server</source>
        <translation>MCP-Server</translation>
    </message>
    <message>
        <source>tool</source>
        <translation>Werkzeug</translation>
    </message>
    <message>
        <source>daemon</source>
        <translation>Daemon</translation>
    </message>
    <message>
        <source>child</source>
        <translation>Kind</translation>
    </message>
</context>
<context>
    <name>agentmon::ProcessDetailsDialog</name>
    <message>
        <source>Process details</source>
        <translation>Prozessdetails</translation>
    </message>
    <message>
        <source>&amp;Command</source>
        <translation>&amp;Befehl</translation>
    </message>
    <message>
        <source>&amp;Environment</source>
        <translation>&amp;Umgebung</translation>
    </message>
    <message>
        <source>&amp;Lineage</source>
        <translation>&amp;Abstammung</translation>
    </message>
    <message>
        <source>&amp;Stderr</source>
        <translation>&amp;Stderr</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Neu laden</translation>
    </message>
    <message>
        <source>Read this process again (F5)</source>
        <translation>Diesen Prozess neu lesen (F5)</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>PID:</source>
        <translation>PID:</translation>
    </message>
    <message>
        <source>Start time:</source>
        <translation>Startzeit:</translation>
    </message>
    <message>
        <source>Field 22 of /proc/PID/stat, in clock ticks after boot: with the PID it identifies the process</source>
        <translation>Feld 22 von /proc/PID/stat, in Clock-Ticks seit dem Booten: zusammen mit der PID kennzeichnet es den Prozess eindeutig</translation>
    </message>
    <message>
        <source>Parent PID:</source>
        <translation>Eltern-PID:</translation>
    </message>
    <message>
        <source>Process group:</source>
        <translation>Prozessgruppe:</translation>
    </message>
    <message>
        <source>Session (SID):</source>
        <translation>Sitzung (SID):</translation>
    </message>
    <message>
        <source>User ID:</source>
        <translation>Benutzer-ID:</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>Zustand:</translation>
    </message>
    <message>
        <source>Terminal:</source>
        <translation>Terminal:</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>Threads:</translation>
    </message>
    <message>
        <source>CPU:</source>
        <translation>CPU:</translation>
    </message>
    <message>
        <source>Age:</source>
        <translation>Alter:</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>Klasse:</translation>
    </message>
    <message>
        <source>Rule:</source>
        <translation>Regel:</translation>
    </message>
    <message>
        <source>Protected by:</source>
        <translation>Geschützt durch:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Agent session:</source>
        <translation>Agent-Sitzung:</translation>
    </message>
    <message>
        <source>Registry:</source>
        <translation>Register:</translation>
    </message>
    <message>
        <source>RSS:</source>
        <translation>RSS:</translation>
    </message>
    <message>
        <source>PSS:</source>
        <translation>PSS:</translation>
    </message>
    <message>
        <source>Swap:</source>
        <translation>Swap:</translation>
    </message>
    <message>
        <source>Working directory:</source>
        <translation>Arbeitsverzeichnis:</translation>
    </message>
    <message>
        <source>No command line: a kernel thread, or a process first seen as a zombie.</source>
        <translation>Keine Befehlszeile: ein Kernel-Thread oder ein Prozess, der zuerst als Zombie gesehen wurde.</translation>
    </message>
    <message>
        <source>C&amp;opy command line</source>
        <translation>Befehlszeile k&amp;opieren</translation>
    </message>
    <message>
        <source>Copy the command, quoted for a shell, to the clipboard</source>
        <translation>Den Befehl, für eine Shell maskiert, in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>The environment variables that tie a process to its agent session; they survive setsid, double forks and exec.</source>
        <translation>Die Umgebungsvariablen, die einen Prozess an seine Agent-Sitzung binden; sie überstehen setsid, doppelte Forks und exec.</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>The last output this agent wrote to stderr (kept for agents agentmon launched).</source>
        <translation>Die letzte Ausgabe dieses Agenten auf stderr (aufbewahrt für Agenten, die agentmon gestartet hat).</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>PID %1 — %2</source>
        <translation>PID %1 – %2</translation>
    </message>
    <message>
        <source>Last known state: %1.</source>
        <translation>Zuletzt bekannter Zustand: %1.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>not an agent process</source>
        <translation>kein Agent-Prozess</translation>
    </message>
    <message>
        <source>none: found by its lineage</source>
        <translation>keine: anhand der Abstammung gefunden</translation>
    </message>
    <message>
        <source>not protected</source>
        <translation>nicht geschützt</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 (its root process)</source>
        <translation>%1 (ihr Wurzelprozess)</translation>
    </message>
    <message>
        <source>launched by agentmon</source>
        <translation>von agentmon gestartet</translation>
    </message>
    <message>
        <source>registered</source>
        <translation>angemeldet</translation>
    </message>
    <message>
        <source>discovered</source>
        <translation>entdeckt</translation>
    </message>
    <message>
        <source>tracked</source>
        <translation>erfasst</translation>
    </message>
    <message>
        <source>not in the registry</source>
        <translation>nicht im Register</translation>
    </message>
    <message>
        <source>not read (agent processes only)</source>
        <translation>nicht gelesen (nur Agent-Prozesse)</translation>
    </message>
    <message>
        <source>None found.</source>
        <translation>Keine gefunden.</translation>
    </message>
    <message>
        <source>Not read: the environment of this process could not be read.</source>
        <translation>Nicht gelesen: Die Umgebung dieses Prozesses konnte nicht gelesen werden.</translation>
    </message>
    <message>
        <source>%1 (exited)</source>
        <translation>%1 (beendet)</translation>
    </message>
    <message>
        <source>PID %1, start time %2</source>
        <translation>PID %1, Startzeit %2</translation>
    </message>
</context>
<context>
    <name>agentmon::ProcessModel</name>
    <message>
        <source>ended %1 ago</source>
        <translation>vor %1 beendet</translation>
    </message>
    <message>
        <source>RSS %1</source>
        <translation>RSS %1</translation>
    </message>
    <message>
        <source>PSS %1, swap %2</source>
        <translation>PSS %1, Swap %2</translation>
    </message>
    <message>
        <source>PSS and swap are read for agent processes only</source>
        <translation>PSS und Swap werden nur für Agent-Prozesse gelesen</translation>
    </message>
    <message>
        <source>PID %1, parent %2, state %3</source>
        <translation>PID %1, Elternprozess %2, Zustand %3</translation>
    </message>
    <message>
        <source>Session: %1 (its root)</source>
        <translation>Sitzung: %1 (ihre Wurzel)</translation>
    </message>
    <message>
        <source>Session: %1</source>
        <translation>Sitzung: %1</translation>
    </message>
    <message>
        <source>Class: %1 (by lineage)</source>
        <translation>Klasse: %1 (nach Abstammung)</translation>
    </message>
    <message>
        <source>Class: %1 (rule %2)</source>
        <translation>Klasse: %1 (Regel %2)</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <source>Status: %1, %2</source>
        <translation>Status: %1, %2</translation>
    </message>
    <message>
        <source>Protected by rule %1</source>
        <translation>Geschützt durch Regel %1</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>beendet</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>orphan</source>
        <translation>verwaist</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>untätig</translation>
    </message>
    <message>
        <source>stale</source>
        <translation>veraltet</translation>
    </message>
    <message>
        <source>zombie</source>
        <translation>Zombie</translation>
    </message>
    <message>
        <source>unkillable</source>
        <translation>nicht beendbar</translation>
    </message>
    <message>
        <source>session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>mcp</source>
        <translation>MCP</translation>
    </message>
    <message>
        <source>tool</source>
        <translation>Werkzeug</translation>
    </message>
    <message>
        <source>daemon</source>
        <translation>Daemon</translation>
    </message>
    <message>
        <source>child</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>sleeping</source>
        <translation>schlafend</translation>
    </message>
    <message>
        <source>disk sleep</source>
        <translation>Plattenwartezustand</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>traced</source>
        <translation>verfolgt</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>tot</translation>
    </message>
    <message>
        <source>parked</source>
        <translation>geparkt</translation>
    </message>
    <message>
        <source>waking</source>
        <translation>erwachend</translation>
    </message>
    <message>
        <source>wakekill</source>
        <translation>wakekill</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>RSS</source>
        <translation>RSS</translation>
    </message>
    <message>
        <source>PSS</source>
        <translation>PSS</translation>
    </message>
    <message>
        <source>Swap</source>
        <translation>Swap</translation>
    </message>
    <message>
        <source>CPU %</source>
        <translation>CPU %</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>PPID</source>
        <translation>PPID</translation>
    </message>
    <message>
        <source>Process id</source>
        <translation>Prozess-ID</translation>
    </message>
    <message>
        <source>The agent session the process belongs to</source>
        <translation>Die Agent-Sitzung, zu der der Prozess gehört</translation>
    </message>
    <message>
        <source>What agentmon recognised the process as: session, agent, mcp, tool, daemon or child</source>
        <translation>Als was agentmon den Prozess erkannt hat: Sitzung, Agent, MCP, Werkzeug, Daemon oder Kind</translation>
    </message>
    <message>
        <source>running, orphan, idle, stale, zombie or unkillable; ended for a process that just exited</source>
        <translation>läuft, verwaist, untätig, veraltet, Zombie oder nicht beendbar; beendet bei einem gerade beendeten Prozess</translation>
    </message>
    <message>
        <source>Why the process has its status</source>
        <translation>Warum der Prozess diesen Status hat</translation>
    </message>
    <message>
        <source>The command line</source>
        <translation>Die Befehlszeile</translation>
    </message>
    <message>
        <source>Resident memory</source>
        <translation>Residenter Speicher</translation>
    </message>
    <message>
        <source>Proportional set size: resident memory with shared pages split among their users (agent processes only)</source>
        <translation>Proportional Set Size: residenter Speicher, gemeinsam genutzte Seiten anteilig auf ihre Nutzer verteilt (nur Agent-Prozesse)</translation>
    </message>
    <message>
        <source>Memory swapped out (agent processes only)</source>
        <translation>Ausgelagerter Speicher (nur Agent-Prozesse)</translation>
    </message>
    <message>
        <source>CPU use since the previous sample, 100 % being one core</source>
        <translation>CPU-Nutzung seit der vorigen Messung; 100 % entsprechen einem Kern</translation>
    </message>
    <message>
        <source>Time since the process started</source>
        <translation>Zeit seit dem Start des Prozesses</translation>
    </message>
    <message>
        <source>Kernel scheduling state</source>
        <translation>Scheduling-Zustand im Kernel</translation>
    </message>
    <message>
        <source>Parent process id</source>
        <translation>ID des Elternprozesses</translation>
    </message>
</context>
<context>
    <name>agentmon::ProcessState</name>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>sleeping</source>
        <translation>schlafend</translation>
    </message>
    <message>
        <source>uninterruptible sleep</source>
        <translation>nicht unterbrechbarer Schlaf</translation>
    </message>
    <message>
        <source>zombie</source>
        <translation>Zombie</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>stopped by a tracer</source>
        <translation>von einem Tracer angehalten</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>tot</translation>
    </message>
    <message>
        <source>idle kernel thread</source>
        <translation>untätiger Kernel-Thread</translation>
    </message>
    <message>
        <source>parked</source>
        <translation>geparkt</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>agentmon::ProcessStatus</name>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>orphan</source>
        <translation>verwaist</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>untätig</translation>
    </message>
    <message>
        <source>stale</source>
        <translation>veraltet</translation>
    </message>
    <message>
        <source>zombie</source>
        <translation>Zombie</translation>
    </message>
    <message>
        <source>unkillable</source>
        <translation>nicht beendbar</translation>
    </message>
</context>
<context>
    <name>agentmon::ReapPreviewDialog</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Reap</source>
        <translation>Aufräumen</translation>
    </message>
    <message>
        <source>Processes the reap leaves alone, and why</source>
        <translation>Prozesse, die das Aufräumen verschont, und warum</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Warum</translation>
    </message>
    <message>
        <source>&amp;Reap</source>
        <translation>&amp;Aufräumen</translation>
    </message>
    <message>
        <source>Working out what would be signalled…</source>
        <translation>Ermittle, was ein Signal erhielte…</translation>
    </message>
    <message>
        <source>The reaper is making a dry run; nothing has been signalled.</source>
        <translation>Der Aufräumer macht einen Probelauf; es wurden keine Signale gesendet.</translation>
    </message>
    <message>
        <source>Reap session %1?</source>
        <translation>Sitzung %1 aufräumen?</translation>
    </message>
    <message>
        <source>Reap session %1 (%2)?</source>
        <translation>Sitzung %1 (%2) aufräumen?</translation>
    </message>
    <message>
        <source>Kill 1 orphaned agent process?</source>
        <translation>1 verwaisten Agent-Prozess beenden?</translation>
    </message>
    <message numerus="yes">
        <source>Kill %n orphaned agent processes?</source>
        <translation>
            <numerusform>%n verwaisten Agent-Prozess beenden?</numerusform>
            <numerusform>%n verwaiste Agent-Prozesse beenden?</numerusform>
        </translation>
    </message>
    <message>
        <source>Kill 1 selected process?</source>
        <translation>1 ausgewählten Prozess beenden?</translation>
    </message>
    <message numerus="yes">
        <source>Kill %n selected processes?</source>
        <translation>
            <numerusform>%n ausgewählten Prozess beenden?</numerusform>
            <numerusform>%n ausgewählte Prozesse beenden?</numerusform>
        </translation>
    </message>
    <message>
        <source>Reap Session</source>
        <translation>Sitzung aufräumen</translation>
    </message>
    <message>
        <source>Kill Orphaned Agents</source>
        <translation>Verwaiste Agenten beenden</translation>
    </message>
    <message>
        <source>Kill Processes</source>
        <translation>Prozesse beenden</translation>
    </message>
    <message>
        <source>Zombie processes left alone, since only their parents can clear them: %1.</source>
        <translation>Verschonte Zombie-Prozesse, da nur ihre Elternprozesse sie abräumen können: %1.</translation>
    </message>
    <message>
        <source>Nothing to reap: session %1 has no process left that may be signalled.</source>
        <translation>Nichts aufzuräumen: Sitzung %1 hat keinen Prozess mehr, der ein Signal erhalten darf.</translation>
    </message>
    <message>
        <source>Nothing to reap: no orphaned, idle or stale agent process is older than %1.</source>
        <translation>Nichts aufzuräumen: Kein verwaister, untätiger oder veralteter Agent-Prozess ist älter als %1.</translation>
    </message>
    <message>
        <source>Nothing to reap: none of the selected processes may be signalled.</source>
        <translation>Nichts aufzuräumen: Keiner der ausgewählten Prozesse darf ein Signal erhalten.</translation>
    </message>
    <message>
        <source>The processes found and why they are left alone are listed below.</source>
        <translation>Die gefundenen Prozesse und warum sie verschont werden, stehen unten.</translation>
    </message>
    <message>
        <source>1 process will get SIGTERM, then SIGKILL after %1 if still running.</source>
        <translation>1 Prozess erhält SIGTERM, dann nach %1 SIGKILL, falls er noch läuft.</translation>
    </message>
    <message numerus="yes">
        <source>%n processes will get SIGTERM, then SIGKILL after %1 if still running.</source>
        <translation>
            <numerusform>%n Prozess erhält SIGTERM, dann nach %1 SIGKILL, falls er noch läuft.</numerusform>
            <numerusform>%n Prozesse erhalten SIGTERM, dann nach %1 SIGKILL, falls sie noch laufen.</numerusform>
        </translation>
    </message>
    <message>
        <source>About %1 will be freed.</source>
        <translation>Etwa %1 werden frei.</translation>
    </message>
    <message>
        <source>Processes they start meanwhile in the same process groups are included.</source>
        <translation>Prozesse, die sie inzwischen in denselben Prozessgruppen starten, werden einbezogen.</translation>
    </message>
    <message>
        <source>&amp;Reap 1 process</source>
        <translation>1 Prozess &amp;aufräumen</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Reap %n processes</source>
        <translation>
            <numerusform>%n Prozess &amp;aufräumen</numerusform>
            <numerusform>%n Prozesse &amp;aufräumen</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Kill 1 process</source>
        <translation>1 Prozess &amp;beenden</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Kill %n processes</source>
        <translation>
            <numerusform>%n Prozess &amp;beenden</numerusform>
            <numerusform>%n Prozesse &amp;beenden</numerusform>
        </translation>
    </message>
    <message>
        <source>Send SIGTERM now; SIGKILL follows after %1 to those still running</source>
        <translation>Jetzt SIGTERM senden; nach %1 folgt SIGKILL an die, die noch laufen</translation>
    </message>
    <message>
        <source>Signalling 1 process…</source>
        <translation>Signal an 1 Prozess…</translation>
    </message>
    <message numerus="yes">
        <source>Signalling %n processes…</source>
        <translation>
            <numerusform>Signal an %n Prozess…</numerusform>
            <numerusform>Signale an %n Prozesse…</numerusform>
        </translation>
    </message>
    <message>
        <source>Signalling… up to %1 grace, then SIGKILL.</source>
        <translation>Signale werden gesendet… bis zu %1 Schonfrist, dann SIGKILL.</translation>
    </message>
    <message>
        <source>A reap cannot be cancelled halfway: the processes have already been sent SIGTERM.</source>
        <translation>Ein Aufräumen lässt sich nicht mittendrin abbrechen: Die Prozesse haben SIGTERM bereits erhalten.</translation>
    </message>
    <message>
        <source>killed by SIGKILL after %1</source>
        <translation>durch SIGKILL nach %1 beendet</translation>
    </message>
    <message>
        <source>killed by SIGTERM in %1</source>
        <translation>durch SIGTERM in %1 beendet</translation>
    </message>
    <message>
        <source>survived in state %1</source>
        <translation>überlebt im Zustand %1</translation>
    </message>
    <message>
        <source>survived in state %1, waiting in %2</source>
        <translation>überlebt im Zustand %1, wartet in %2</translation>
    </message>
    <message>
        <source>skipped: %1</source>
        <translation>übersprungen: %1</translation>
    </message>
    <message>
        <source>already gone</source>
        <translation>schon verschwunden</translation>
    </message>
    <message>
        <source>would be signalled (dry run)</source>
        <translation>erhielte ein Signal (Probelauf)</translation>
    </message>
    <message>
        <source>no outcome reported</source>
        <translation>kein Ergebnis gemeldet</translation>
    </message>
    <message>
        <source>found during the reap: in a target&apos;s process group, or started by a target</source>
        <translation>während des Aufräumens gefunden: in der Prozessgruppe eines Ziels oder von einem Ziel gestartet</translation>
    </message>
    <message>
        <source>Dry run: 1 process would be signalled</source>
        <translation>Probelauf: 1 Prozess würde ein Signal erhalten</translation>
    </message>
    <message numerus="yes">
        <source>Dry run: %n processes would be signalled</source>
        <translation>
            <numerusform>Probelauf: %n Prozess würde ein Signal erhalten</numerusform>
            <numerusform>Probelauf: %n Prozesse würden ein Signal erhalten</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of 1 process killed; %2 survived</source>
        <translation>%1 von 1 Prozess beendet; %2 überlebt</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n processes killed; %2 survived</source>
        <translation>
            <numerusform>%1 von %n Prozess beendet; %2 überlebt</numerusform>
            <numerusform>%1 von %n Prozessen beendet; %2 überlebt</numerusform>
        </translation>
    </message>
    <message>
        <source>Killed 1 process, %1 freed</source>
        <translation>1 Prozess beendet, %1 freigegeben</translation>
    </message>
    <message numerus="yes">
        <source>Killed %n processes, %1 freed</source>
        <translation>
            <numerusform>%n Prozess beendet, %1 freigegeben</numerusform>
            <numerusform>%n Prozesse beendet, %1 freigegeben</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was signalled</source>
        <translation>Kein Signal gesendet</translation>
    </message>
    <message>
        <source>No process was killed</source>
        <translation>Kein Prozess wurde beendet</translation>
    </message>
    <message>
        <source>Took %1.</source>
        <translation>Dauerte %1.</translation>
    </message>
    <message>
        <source>Nothing was signalled. About %1 would be freed.</source>
        <translation>Kein Signal gesendet. Etwa %1 würden frei.</translation>
    </message>
    <message>
        <source>Already gone before the first signal: %1.</source>
        <translation>Schon vor dem ersten Signal verschwunden: %1.</translation>
    </message>
    <message>
        <source>Skipped: %1.</source>
        <translation>Übersprungen: %1.</translation>
    </message>
    <message>
        <source>Found during the reap and included (process group members, children started meanwhile): %1.</source>
        <translation>Während des Aufräumens gefunden und einbezogen (Mitglieder der Prozessgruppe, inzwischen gestartete Kinder): %1.</translation>
    </message>
    <message>
        <source>A process in state D waits for the kernel: SIGKILL takes effect once its I/O completes.</source>
        <translation>Ein Prozess im Zustand D wartet auf den Kernel: SIGKILL wirkt, sobald seine E/A abgeschlossen ist.</translation>
    </message>
    <message>
        <source>Survivors are still running; look at them in the process list.</source>
        <translation>Überlebende laufen noch; sehen Sie sie sich in der Prozessliste an.</translation>
    </message>
    <message>
        <source>The reap did not finish</source>
        <translation>Das Aufräumen wurde nicht abgeschlossen</translation>
    </message>
    <message>
        <source>Could not work out what to reap</source>
        <translation>Es ließ sich nicht ermitteln, was aufzuräumen ist</translation>
    </message>
    <message>
        <source>Not touched (%1)</source>
        <translation>Nicht angefasst (%1)</translation>
    </message>
</context>
<context>
    <name>agentmon::ReapTargetModel</name>
    <message>
        <source>PID %1, start time %2 (clock ticks after boot), process group %3</source>
        <translation>PID %1, Startzeit %2 (Clock-Ticks seit dem Booten), Prozessgruppe %3</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>RSS</source>
        <translation>RSS</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>Process ID; with the start time (in the tooltip of each row) it identifies the process</source>
        <translation>Prozess-ID; zusammen mit der Startzeit (im Tooltip jeder Zeile) kennzeichnet sie den Prozess eindeutig</translation>
    </message>
    <message>
        <source>Why the reaper chose this process</source>
        <translation>Warum der Aufräumer diesen Prozess ausgewählt hat</translation>
    </message>
    <message>
        <source>Resident memory when the plan was made</source>
        <translation>Residenter Speicher zum Zeitpunkt der Planung</translation>
    </message>
</context>
<context>
    <name>agentmon::RemoteWorker</name>
    <message>
        <source>History unavailable: %1</source>
        <translation>Verlauf nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>The instance answered %1.</source>
        <translation>Die Instanz antwortete %1.</translation>
    </message>
    <message>
        <source>Only the instance itself can kill chosen processes, and it runs in another process (pid %1). Reap their session instead, or quit that instance and let this window run it.</source>
        <translation>Nur die Instanz selbst kann ausgewählte Prozesse beenden, und sie läuft in einem anderen Prozess (PID %1). Räumen Sie stattdessen deren Sitzung auf, oder beenden Sie jene Instanz und lassen Sie dieses Fenster sie betreiben.</translation>
    </message>
    <message>
        <source>This preview is no longer available; open it again.</source>
        <translation>Diese Vorschau ist nicht mehr verfügbar; bitte erneut öffnen.</translation>
    </message>
</context>
<context>
    <name>agentmon::SessionModel</name>
    <message>
        <source>live</source>
        <translation>läuft</translation>
    </message>
    <message numerus="yes">
        <source>%n left, %1</source>
        <extracomment>How many processes of an ended session still run, and their memory: &quot;3 left, 1.2 GB&quot;</extracomment>
        <translation>
            <numerusform>%n übrig, %1</numerusform>
            <numerusform>%n übrig, %1</numerusform>
        </translation>
    </message>
    <message>
        <source>ended</source>
        <translation>beendet</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Root process never seen: processes attributed by their environment</source>
        <translation>Wurzelprozess nie gesehen: Prozesse anhand ihrer Umgebung zugeordnet</translation>
    </message>
    <message>
        <source>Root: %1 (PID %2)</source>
        <translation>Wurzel: %1 (PID %2)</translation>
    </message>
    <message>
        <source>Root: %1 (PID %2) on %3</source>
        <translation>Wurzel: %1 (PID %2) auf %3</translation>
    </message>
    <message>
        <source>Project directory unknown</source>
        <translation>Projektverzeichnis unbekannt</translation>
    </message>
    <message>
        <source>Start time unknown</source>
        <translation>Startzeit unbekannt</translation>
    </message>
    <message>
        <source>%1
agent&apos;s own id: %2</source>
        <translation>%1
eigene ID des Agenten: %2</translation>
    </message>
    <message>
        <source>RSS %1, PSS %2, swap %3</source>
        <translation>RSS %1, PSS %2, Swap %3</translation>
    </message>
    <message numerus="yes">
        <source>%n live process(es) in the session</source>
        <translation>
            <numerusform>%n laufender Prozess in der Sitzung</numerusform>
            <numerusform>%n laufende Prozesse in der Sitzung</numerusform>
        </translation>
    </message>
    <message>
        <source>The session&apos;s root process is alive</source>
        <translation>Der Wurzelprozess der Sitzung lebt</translation>
    </message>
    <message>
        <source>Ended %1 ago</source>
        <translation>Vor %1 beendet</translation>
    </message>
    <message numerus="yes">
        <source>%1; %n process(es) still running after the linger time of %2</source>
        <translation>
            <numerusform>%1; %n Prozess läuft nach der Nachlaufzeit von %2 noch</numerusform>
            <numerusform>%1; %n Prozesse laufen nach der Nachlaufzeit von %2 noch</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1; %n process(es) still running</source>
        <translation>
            <numerusform>%1; %n Prozess läuft noch</numerusform>
            <numerusform>%1; %n Prozesse laufen noch</numerusform>
        </translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>Prozesse</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>The agent program that started the session</source>
        <translation>Das Agent-Programm, das die Sitzung gestartet hat</translation>
    </message>
    <message>
        <source>The project directory: the root&apos;s working directory or CLAUDE_PROJECT_DIR</source>
        <translation>Das Projektverzeichnis: das Arbeitsverzeichnis der Wurzel oder CLAUDE_PROJECT_DIR</translation>
    </message>
    <message>
        <source>When the session&apos;s root process started</source>
        <translation>Wann der Wurzelprozess der Sitzung startete</translation>
    </message>
    <message>
        <source>Session id (shortened; the full id in the tooltip)</source>
        <translation>Sitzungs-ID (gekürzt; die volle ID im Tooltip)</translation>
    </message>
    <message>
        <source>Live processes of the session</source>
        <translation>Laufende Prozesse der Sitzung</translation>
    </message>
    <message>
        <source>Resident memory of the session&apos;s processes</source>
        <translation>Residenter Speicher der Prozesse der Sitzung</translation>
    </message>
    <message>
        <source>live, ended, or what an ended session left running after the linger time</source>
        <translation>läuft, beendet oder was eine beendete Sitzung nach der Nachlaufzeit laufen ließ</translation>
    </message>
</context>
<context>
    <name>agentmon::SettingsDialog</name>
    <message>
        <source>Sample every (desktop app)</source>
        <translation>Messen alle (Desktop-App)</translation>
    </message>
    <message>
        <source>How often the desktop app reads the process table while it runs the instance.</source>
        <translation>Wie oft die Desktop-App die Prozesstabelle liest, während sie die Instanz betreibt.</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Sample every (daemon)</source>
        <translation>Messen alle (Daemon)</translation>
    </message>
    <message>
        <source>The same for the headless instance (agentmonctl daemon).</source>
        <translation>Dasselbe für die Instanz ohne Bildschirm (agentmonctl daemon).</translation>
    </message>
    <message>
        <source>Health sweep every</source>
        <translation>Zustandsprüfung alle</translation>
    </message>
    <message>
        <source>Prunes registry entries of processes that exited and frees their pool slots.</source>
        <translation>Entfernt Registereinträge beendeter Prozesse und gibt ihre Pool-Plätze frei.</translation>
    </message>
    <message>
        <source>Reaper pass every</source>
        <translation>Aufräumer-Durchgang alle</translation>
    </message>
    <message>
        <source>Orphaned, leaked, idle and stale agents are cleaned up on this schedule. Off: only when you ask for it.</source>
        <translation>Verwaiste, zurückgelassene, untätige und veraltete Agenten werden in diesem Takt aufgeräumt. Aus: nur auf Ihre Anforderung.</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>Minimum age before an automatic kill</source>
        <translation>Mindestalter vor automatischem Beenden</translation>
    </message>
    <message>
        <source>Nothing younger is signalled by a reaper pass or a policy; a person may still reap it.</source>
        <translation>Nichts Jüngeres erhält durch einen Durchgang des Aufräumers oder eine Richtlinie ein Signal; von Hand lässt es sich weiterhin aufräumen.</translation>
    </message>
    <message>
        <source>Grace period before SIGKILL</source>
        <translation>Schonfrist vor SIGKILL</translation>
    </message>
    <message>
        <source>Time given to processes to exit after SIGTERM; the survivors then get SIGKILL.</source>
        <translation>Zeit, die Prozesse nach SIGTERM zum Beenden erhalten; danach erhalten die Überlebenden SIGKILL.</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Confirmation after SIGKILL</source>
        <translation>Bestätigung nach SIGKILL</translation>
    </message>
    <message>
        <source>How long to wait for the exits to be confirmed before a process is reported as a survivor.</source>
        <translation>Wie lange auf die Bestätigung des Endes gewartet wird, bevor ein Prozess als Überlebender gemeldet wird.</translation>
    </message>
    <message>
        <source>Session linger</source>
        <translation>Nachlaufzeit der Sitzung</translation>
    </message>
    <message>
        <source>What is still alive of a session this long after it ended counts as leaked.</source>
        <translation>Was so lange nach dem Ende einer Sitzung noch lebt, gilt als Leck.</translation>
    </message>
    <message>
        <source>Idle window</source>
        <translation>Leerlauf-Zeitfenster</translation>
    </message>
    <message>
        <source>A child of an agent daemon below the idle CPU share for this long is idle.</source>
        <translation>Ein Kind eines Agent-Daemons, das so lange unter dem Leerlauf-CPU-Anteil bleibt, gilt als im Leerlauf.</translation>
    </message>
    <message>
        <source>Idle below CPU</source>
        <translation>Leerlauf unter CPU</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Maximum age</source>
        <translation>Höchstalter</translation>
    </message>
    <message>
        <source>An agent older than this without a live session is stale.</source>
        <translation>Ein Agent, der älter ist und keine laufende Sitzung hat, gilt als veraltet.</translation>
    </message>
    <message>
        <source>Warning: available memory below</source>
        <translation>Warnung: verfügbarer Speicher unter</translation>
    </message>
    <message>
        <source>MemAvailable of /proc/meminfo. 0 turns this warning off.</source>
        <translation>MemAvailable aus /proc/meminfo. 0 schaltet diese Warnung ab.</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <source>Warning: swap used above</source>
        <translation>Warnung: Swap belegt über</translation>
    </message>
    <message>
        <source>Share of the swap space in use. 100 % turns this warning off.</source>
        <translation>Belegter Anteil des Auslagerungsbereichs. 100 % schaltet diese Warnung ab.</translation>
    </message>
    <message>
        <source>Warning: some tasks stalled above</source>
        <translation>Warnung: einige Tasks blockiert über</translation>
    </message>
    <message>
        <source>Share of the last 10 seconds in which some tasks waited for memory (PSI &quot;some&quot; avg10 of /proc/pressure/memory). 100 % turns this warning off.</source>
        <translation>Anteil der letzten 10 Sekunden, in dem einige Tasks auf Speicher warteten (PSI „some“ avg10 aus /proc/pressure/memory). 100 % schaltet diese Warnung ab.</translation>
    </message>
    <message>
        <source>Warning: zombie processes above</source>
        <translation>Warnung: Zombie-Prozesse über</translation>
    </message>
    <message>
        <source>Processes that exited but whose parent has not collected them; a growing number means a parent that leaks them.</source>
        <translation>Prozesse, die beendet sind, aber von ihrem Elternprozess nicht abgeholt wurden; eine wachsende Zahl deutet auf einen Elternprozess mit Leck hin.</translation>
    </message>
    <message>
        <source>Critical: all tasks stalled above</source>
        <translation>Kritisch: alle Tasks blockiert über</translation>
    </message>
    <message>
        <source>Share of the last 10 seconds in which every task waited for memory (PSI &quot;full&quot; avg10). 100 % turns this off.</source>
        <translation>Anteil der letzten 10 Sekunden, in dem alle Tasks auf Speicher warteten (PSI „full“ avg10). 100 % schaltet dies ab.</translation>
    </message>
    <message>
        <source>Critical: available memory below</source>
        <translation>Kritisch: verfügbarer Speicher unter</translation>
    </message>
    <message>
        <source>Share of the total memory. 0 turns this off.</source>
        <translation>Anteil am gesamten Speicher. 0 schaltet dies ab.</translation>
    </message>
    <message>
        <source>Hysteresis</source>
        <translation>Hysterese</translation>
    </message>
    <message>
        <source>A level is left only when every figure is back past its threshold by this share of the threshold, so that the level does not flicker.</source>
        <translation>Eine Stufe wird erst verlassen, wenn jeder Wert um diesen Anteil des Schwellwerts wieder diesseits seiner Schwelle liegt, damit die Stufe nicht flackert.</translation>
    </message>
    <message>
        <source>Minimum time at a level</source>
        <translation>Mindestdauer auf einer Stufe</translation>
    </message>
    <message>
        <source>A level is left no sooner than this; going up is never delayed.</source>
        <translation>Eine Stufe wird frühestens nach dieser Zeit verlassen; ein Anstieg wird nie verzögert.</translation>
    </message>
    <message>
        <source>Agents running at once</source>
        <translation>Gleichzeitig laufende Agenten</translation>
    </message>
    <message>
        <source>Further agents started through the pool wait for a slot.</source>
        <translation>Weitere über den Pool gestartete Agenten warten auf einen Platz.</translation>
    </message>
    <message>
        <source>Hard cap</source>
        <translation>Obergrenze</translation>
    </message>
    <message>
        <source>With this many agents alive (tracked ones included), requests are refused instead of queued.</source>
        <translation>Leben so viele Agenten (erfasste eingeschlossen), werden Anfragen abgelehnt statt eingereiht.</translation>
    </message>
    <message>
        <source>Wait for a slot at most</source>
        <translation>Höchstens auf einen Platz warten</translation>
    </message>
    <message>
        <source>Unless the request asks for another time (spawn --wait).</source>
        <translation>Sofern die Anfrage keine andere Zeit verlangt (spawn --wait).</translation>
    </message>
    <message>
        <source>Error output kept per agent</source>
        <translation>Aufbewahrte Fehlerausgabe je Agent</translation>
    </message>
    <message>
        <source>The end of the standard error of agents launched by agentmon, shown in their details.</source>
        <translation>Das Ende der Standardfehlerausgabe von Agenten, die agentmon gestartet hat, in ihren Details angezeigt.</translation>
    </message>
    <message>
        <source> bytes</source>
        <translation> Bytes</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>The HTTP API listens on 127.0.0.1 only. A new port takes effect when the instance restarts (the desktop app or agentmonctl daemon); their --port option overrides it.</source>
        <translation>Die HTTP-API lauscht nur auf 127.0.0.1. Ein neuer Port gilt ab dem Neustart der Instanz (Desktop-App oder agentmonctl daemon); deren Option --port hat Vorrang.</translation>
    </message>
    <message>
        <source>Keep samples and kills for</source>
        <translation>Messungen und Beendigungen aufbewahren für</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>Size limit of the samples</source>
        <translation>Größengrenze der Messungen</translation>
    </message>
    <message>
        <source>The oldest samples go first when the history grows past it.</source>
        <translation>Wächst der Verlauf darüber hinaus, werden die ältesten Messungen zuerst entfernt.</translation>
    </message>
    <message>
        <source>Settings — agentmon</source>
        <translation>Einstellungen – agentmon</translation>
    </message>
    <message>
        <source>Set the values of this page to their defaults (written by Apply or OK)</source>
        <translation>Die Werte dieser Seite auf ihre Standardwerte setzen (geschrieben mit Übernehmen oder OK)</translation>
    </message>
    <message>
        <source>Drop the changes not applied yet</source>
        <translation>Die noch nicht übernommenen Änderungen verwerfen</translation>
    </message>
    <message>
        <source>Write the changes; agentmon uses them at once</source>
        <translation>Die Änderungen schreiben; agentmon verwendet sie sofort</translation>
    </message>
    <message>
        <source>%1

Key %2 in %3; default %4, from %5 to %6.</source>
        <translation>%1

Schlüssel %2 in %3; Standard %4, von %5 bis %6.</translation>
    </message>
    <message>
        <source>Notify</source>
        <translation>Benachrichtigen</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>Leaked sessions:</source>
        <translation>Sitzungen mit Leck:</translation>
    </message>
    <message>
        <source>Critical memory pressure:</source>
        <translation>Kritischer Speicherdruck:</translation>
    </message>
    <message>
        <source>Sessions that ended and left processes behind are only shown in the window.</source>
        <translation>Beendete Sitzungen, die Prozesse zurückgelassen haben, werden nur im Fenster angezeigt.</translation>
    </message>
    <message>
        <source>Nothing happens when memory runs short; the tray icon still turns red.</source>
        <translation>Bei knappem Speicher geschieht nichts; das Symbol wird trotzdem rot.</translation>
    </message>
    <message>
        <source>A notification names the session that left processes behind, and the doctor lists it with the command that reaps it.</source>
        <translation>Eine Benachrichtigung nennt die Sitzung, die Prozesse hinterlassen hat, und die Diagnose führt sie mit dem Befehl auf, der sie aufräumt.</translation>
    </message>
    <message>
        <source>A notification says that memory pressure turned critical and why.</source>
        <translation>Eine Benachrichtigung meldet, dass der Speicherdruck kritisch wurde, und warum.</translation>
    </message>
    <message>
        <source>What a session left behind is reaped once it outlived the linger time, with every guard of the reaper; a notification tells what was freed.</source>
        <translation>Was eine Sitzung zurückgelassen hat, wird nach Ablauf der Nachlaufzeit aufgeräumt, mit allen Schutzmechanismen des Aufräumers; eine Benachrichtigung nennt, was frei wurde.</translation>
    </message>
    <message>
        <source>When memory pressure turns critical, a reaper pass frees orphaned, leaked, idle and stale agents older than the minimum age.</source>
        <translation>Wird der Speicherdruck kritisch, beendet ein Aufräumer-Durchgang verwaiste, zurückgelassene, untätige und veraltete Agenten, die älter als das Mindestalter sind.</translation>
    </message>
    <message>
        <source>While the reaper is paused, you are only notified.</source>
        <translation>Solange der Aufräumer pausiert, werden Sie nur benachrichtigt.</translation>
    </message>
    <message>
        <source>(default)</source>
        <translation>(Standard)</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>Messung</translation>
    </message>
    <message>
        <source>How often agentmon looks at the processes and at its own records.</source>
        <translation>Wie oft agentmon die Prozesse und die eigenen Aufzeichnungen prüft.</translation>
    </message>
    <message>
        <source>Reaper</source>
        <translation>Aufräumer</translation>
    </message>
    <message>
        <source>The reaper ends orphaned, leaked, idle and stale agents: SIGTERM, a grace period, then SIGKILL. Interactive sessions are never touched automatically.</source>
        <translation>Der Aufräumer beendet verwaiste, zurückgelassene, untätige und veraltete Agenten: SIGTERM, eine Schonfrist, dann SIGKILL. Interaktive Sitzungen werden nie automatisch angefasst.</translation>
    </message>
    <message>
        <source>Pause the periodic reaper</source>
        <translation>Den regelmäßigen Aufräumer pausieren</translation>
    </message>
    <message>
        <source>Planned passes are skipped until it is resumed here or from the tray icon.</source>
        <translation>Geplante Durchgänge entfallen, bis er hier oder über das Symbol in der Kontrollleiste fortgesetzt wird.</translation>
    </message>
    <message>
        <source>Statuses</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>When a process counts as leaked, idle or stale.</source>
        <translation>Wann ein Prozess als Leck, untätig oder veraltet gilt.</translation>
    </message>
    <message>
        <source>Memory Pressure</source>
        <translation>Speicherdruck</translation>
    </message>
    <message>
        <source>The levels of the tray icon and of the critical-pressure policy. A figure counts when it is beyond its threshold; a threshold set to its &quot;off&quot; value is never reached.</source>
        <translation>Die Stufen des Symbols in der Kontrollleiste und der Richtlinie für kritischen Druck. Ein Wert zählt, wenn er jenseits seiner Schwelle liegt; eine auf ihren „Aus“-Wert gesetzte Schwelle wird nie erreicht.</translation>
    </message>
    <message>
        <source>Pool</source>
        <translation>Pool</translation>
    </message>
    <message>
        <source>Agents started with agentmonctl spawn or the API take a slot of the pool, so that only a few run at once.</source>
        <translation>Mit agentmonctl spawn oder über die API gestartete Agenten belegen einen Platz im Pool, damit nur wenige gleichzeitig laufen.</translation>
    </message>
    <message>
        <source>Policies</source>
        <translation>Richtlinien</translation>
    </message>
    <message>
        <source>What agentmon does on its own when something happens. Automatic actions go through the reaper with all its guards.</source>
        <translation>Was agentmon von sich aus tut, wenn etwas geschieht. Automatische Aktionen laufen über den Aufräumer mit all seinen Schutzmechanismen.</translation>
    </message>
    <message>
        <source>Dry run: plan and log, signal nothing</source>
        <translation>Probelauf: planen und protokollieren, keine Signale senden</translation>
    </message>
    <message>
        <source>Automatic actions are written to the audit log as if they happened, but no process is signalled. Try a policy this way before trusting it.</source>
        <translation>Automatische Aktionen werden ins Audit-Protokoll geschrieben, als wären sie geschehen, aber kein Prozess erhält ein Signal. So lässt sich eine Richtlinie erproben, bevor man ihr vertraut.</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>Regeln</translation>
    </message>
    <message>
        <source>Rules recognise agent processes. Yours, in a rules file, come on top of the built-in ones; a protect rule beats any cleanup rule. agentmon reloads the file when it changes.</source>
        <translation>Regeln erkennen Agent-Prozesse. Ihre eigenen, in einer Regeldatei, kommen zu den eingebauten hinzu; eine Schutzregel sticht jede Aufräumregel. agentmon lädt die Datei neu, wenn sie sich ändert.</translation>
    </message>
    <message>
        <source>Rules file:</source>
        <translation>Regeldatei:</translation>
    </message>
    <message>
        <source>Open Rules File</source>
        <translation>Regeldatei öffnen</translation>
    </message>
    <message>
        <source>Opens the file in your editor; creates an empty one first if there is none</source>
        <translation>Öffnet die Datei in Ihrem Editor; legt zuvor eine leere an, falls keine existiert</translation>
    </message>
    <message>
        <source>Check Rules</source>
        <translation>Regeln prüfen</translation>
    </message>
    <message>
        <source>Reads the file as agentmon would and lists what it rejects</source>
        <translation>Liest die Datei wie agentmon und listet auf, was abgelehnt wird</translation>
    </message>
    <message>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <source>The local HTTP API used by agentmonctl, hooks and scripts.</source>
        <translation>Die lokale HTTP-API für agentmonctl, Hooks und Skripte.</translation>
    </message>
    <message>
        <source>Clients authenticate with the token in %1.</source>
        <translation>Clients weisen sich mit dem Token in %1 aus.</translation>
    </message>
    <message>
        <source>Startup</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Whether agentmon starts with your desktop session.</source>
        <translation>Ob agentmon mit Ihrer Desktop-Sitzung startet.</translation>
    </message>
    <message>
        <source>Start agentmon in the tray when I log in</source>
        <translation>agentmon bei der Anmeldung in der Kontrollleiste starten</translation>
    </message>
    <message>
        <source>Writes the autostart entry %1 (removed again when turned off).</source>
        <translation>Schreibt den Autostart-Eintrag %1 (beim Abschalten wieder entfernt).</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Samples and the kill audit log in history.sqlite.</source>
        <translation>Messungen und das Audit-Protokoll der Beendigungen in history.sqlite.</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Sonstige</translation>
    </message>
    <message>
        <source>&lt;b&gt;Some values in %1 are not valid.&lt;/b&gt; The defaults are shown in their place; Apply or OK writes what is shown.</source>
        <translation>&lt;b&gt;Einige Werte in %1 sind ungültig.&lt;/b&gt; An ihrer Stelle stehen die Standardwerte; Übernehmen oder OK schreibt, was angezeigt wird.</translation>
    </message>
    <message>
        <source>More than the hard cap: at most %1 agents run at once.</source>
        <translation>Mehr als die Obergrenze: Höchstens %1 Agenten laufen gleichzeitig.</translation>
    </message>
    <message>
        <source>%1 is set in the environment of this program; it overrides the value here for an instance started from it.</source>
        <translation>%1 ist in der Umgebung dieses Programms gesetzt; für eine von ihm gestartete Instanz gilt dieser Wert statt des hier eingestellten.</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>%1 kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>There is no rules file; the %1 built-in rules apply.</source>
        <translation>Es gibt keine Regeldatei; die %1 eingebauten Regeln gelten.</translation>
    </message>
    <message>
        <source>1 user rule, valid.</source>
        <translation>1 eigene Regel, gültig.</translation>
    </message>
    <message>
        <source>%1 user rules, all valid.</source>
        <translation>%1 eigene Regeln, alle gültig.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 user rules in force; these entries were rejected&lt;/b&gt; (the built-in rules stay in force):</source>
        <translation>&lt;b&gt;%1 eigene Regeln in Kraft; diese Einträge wurden abgelehnt&lt;/b&gt; (die eingebauten Regeln bleiben in Kraft):</translation>
    </message>
    <message>
        <source>Could not create %1: %2</source>
        <translation>%1 konnte nicht angelegt werden: %2</translation>
    </message>
    <message>
        <source>No program to open %1 was found.</source>
        <translation>Es wurde kein Programm gefunden, das %1 öffnet.</translation>
    </message>
</context>
<context>
    <name>agentmon::TrayController</name>
    <message>
        <source>&amp;Show agentmon</source>
        <translation>agentmon &amp;anzeigen</translation>
    </message>
    <message>
        <source>&amp;Reap Orphans Now…</source>
        <translation>&amp;Verwaiste jetzt aufräumen…</translation>
    </message>
    <message>
        <source>&amp;Pause Reaper</source>
        <translation>Aufräumer &amp;pausieren</translation>
    </message>
    <message>
        <source>No reap yet</source>
        <translation>Noch nicht aufgeräumt</translation>
    </message>
    <message>
        <source>&amp;Quit agentmon</source>
        <translation>agentmon &amp;beenden</translation>
    </message>
    <message>
        <source>agentmon: %1</source>
        <translation>agentmon: %1</translation>
    </message>
    <message>
        <source>No system tray was found: agentmon keeps this window, and closing it quits.</source>
        <translation>Kein Systemabschnitt der Kontrollleiste gefunden: agentmon behält dieses Fenster, und Schließen beendet es.</translation>
    </message>
    <message>
        <source>&amp;Hide agentmon</source>
        <translation>agentmon a&amp;usblenden</translation>
    </message>
    <message>
        <source>Last reap %1: 1 process, %2 freed</source>
        <translation>Letztes Aufräumen %1: 1 Prozess, %2 freigegeben</translation>
    </message>
    <message numerus="yes">
        <source>Last reap %1: %n processes, %2 freed</source>
        <translation>
            <numerusform>Letztes Aufräumen %1: %n Prozess, %2 freigegeben</numerusform>
            <numerusform>Letztes Aufräumen %1: %n Prozesse, %2 freigegeben</numerusform>
        </translation>
    </message>
    <message>
        <source>agentmon is still running</source>
        <translation>agentmon läuft weiter</translation>
    </message>
    <message>
        <source>It keeps watching your agents and reaping what they leak from the tray. Quit it from the tray icon&apos;s menu.</source>
        <translation>Es überwacht Ihre Agenten im Systemabschnitt der Kontrollleiste weiter und räumt auf, was sie hinterlassen. Beenden Sie es über das Menü des Symbols.</translation>
    </message>
</context>
<context>
    <name>agentmon::TrayNotification</name>
    <message>
        <source>1 process, %1</source>
        <translation>1 Prozess, %1</translation>
    </message>
    <message numerus="yes">
        <source>%n processes, %1</source>
        <translation>
            <numerusform>%n Prozess, %1</numerusform>
            <numerusform>%n Prozesse, %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Memory back to normal</source>
        <translation>Speicher wieder normal</translation>
    </message>
    <message>
        <source>Too many zombie processes</source>
        <translation>Zu viele Zombie-Prozesse</translation>
    </message>
    <message>
        <source>Memory running short</source>
        <translation>Speicher wird knapp</translation>
    </message>
    <message>
        <source>Memory critical</source>
        <translation>Speicher kritisch</translation>
    </message>
    <message>
        <source>No agent processes run.</source>
        <translation>Es laufen keine Agent-Prozesse.</translation>
    </message>
    <message>
        <source>1 agent process uses %1.</source>
        <translation>1 Agent-Prozess belegt %1.</translation>
    </message>
    <message numerus="yes">
        <source>%n agent processes use %1.</source>
        <translation>
            <numerusform>%n Agent-Prozess belegt %1.</numerusform>
            <numerusform>%n Agent-Prozesse belegen %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>1 orphan holds %1.</source>
        <translation>1 verwaister Prozess belegt %1.</translation>
    </message>
    <message numerus="yes">
        <source>%n orphans hold %1.</source>
        <translation>
            <numerusform>%n verwaister Prozess belegt %1.</numerusform>
            <numerusform>%n verwaiste Prozesse belegen %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>1 leaked session holds %1.</source>
        <translation>1 Sitzung mit Leck belegt %1.</translation>
    </message>
    <message numerus="yes">
        <source>%n leaked sessions hold %1.</source>
        <translation>
            <numerusform>%n Sitzung mit Leck belegt %1.</numerusform>
            <numerusform>%n Sitzungen mit Leck belegen %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Session leaked: %1</source>
        <translation>Sitzung mit Leck: %1</translation>
    </message>
    <message>
        <source>1 process (%1) outlived its session.</source>
        <translation>1 Prozess (%1) hat seine Sitzung überdauert.</translation>
    </message>
    <message numerus="yes">
        <source>%n processes (%1) outlived their session.</source>
        <translation>
            <numerusform>%n Prozess (%1) hat seine Sitzung überdauert.</numerusform>
            <numerusform>%n Prozesse (%1) haben ihre Sitzung überdauert.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Reap ended no process</source>
        <translation>Das Aufräumen hat keinen Prozess beendet</translation>
    </message>
    <message>
        <source>Reaped 1 process (%1)</source>
        <translation>1 Prozess aufgeräumt (%1)</translation>
    </message>
    <message numerus="yes">
        <source>Reaped %n processes (%1)</source>
        <translation>
            <numerusform>%n Prozess aufgeräumt (%1)</numerusform>
            <numerusform>%n Prozesse aufgeräumt (%1)</numerusform>
        </translation>
    </message>
    <message>
        <source>session %1</source>
        <translation>Sitzung %1</translation>
    </message>
    <message>
        <source>%1 orphaned</source>
        <translation>%1 verwaist</translation>
    </message>
    <message>
        <source>%1 idle</source>
        <translation>%1 im Leerlauf</translation>
    </message>
    <message>
        <source>%1 stale</source>
        <translation>%1 veraltet</translation>
    </message>
    <message>
        <source>%1 other</source>
        <translation>%1 sonstige</translation>
    </message>
    <message>
        <source>nothing planned</source>
        <translation>nichts geplant</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>Targets: %1</source>
        <translation>Ziele: %1</translation>
    </message>
    <message>
        <source>1 process survived (state %1).</source>
        <translation>1 Prozess hat überlebt (Zustand %1).</translation>
    </message>
    <message numerus="yes">
        <source>%n processes survived.</source>
        <translation>
            <numerusform>%n Prozess hat überlebt.</numerusform>
            <numerusform>%n Prozesse haben überlebt.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>agentmon::TrayState</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%1 in %2</translation>
    </message>
    <message>
        <source>agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>no connection to the agentmon instance</source>
        <translation>keine Verbindung zur agentmon-Instanz</translation>
    </message>
    <message>
        <source>no agents</source>
        <translation>keine Agenten</translation>
    </message>
    <message>
        <source>1 agent, %1</source>
        <translation>1 Agent, %1</translation>
    </message>
    <message numerus="yes">
        <source>%n agents, %1</source>
        <translation>
            <numerusform>%n Agent, %1</numerusform>
            <numerusform>%n Agenten, %1</numerusform>
        </translation>
    </message>
    <message>
        <source>1 orphan</source>
        <translation>1 verwaister Prozess</translation>
    </message>
    <message numerus="yes">
        <source>%n orphans</source>
        <translation>
            <numerusform>%n verwaister Prozess</numerusform>
            <numerusform>%n verwaiste Prozesse</numerusform>
        </translation>
    </message>
    <message>
        <source>1 process</source>
        <translation>1 Prozess</translation>
    </message>
    <message numerus="yes">
        <source>%n processes</source>
        <translation>
            <numerusform>%n Prozess</numerusform>
            <numerusform>%n Prozesse</numerusform>
        </translation>
    </message>
    <message>
        <source>1 leaked session (%1, %2)</source>
        <translation>1 Sitzung mit Leck (%1, %2)</translation>
    </message>
    <message numerus="yes">
        <source>%n leaked sessions (%1, %2)</source>
        <translation>
            <numerusform>%n Sitzung mit Leck (%1, %2)</numerusform>
            <numerusform>%n Sitzungen mit Leck (%1, %2)</numerusform>
        </translation>
    </message>
    <message>
        <source>memory ok</source>
        <translation>Speicher in Ordnung</translation>
    </message>
    <message>
        <source>memory warning</source>
        <translation>Speicherwarnung</translation>
    </message>
    <message>
        <source>memory warning: %1</source>
        <translation>Speicherwarnung: %1</translation>
    </message>
    <message>
        <source>memory critical</source>
        <translation>Speicher kritisch</translation>
    </message>
    <message>
        <source>memory critical: %1</source>
        <translation>Speicher kritisch: %1</translation>
    </message>
    <message>
        <source>reaper paused</source>
        <translation>Aufräumer pausiert</translation>
    </message>
    <message>
        <source>; </source>
        <comment>between the parts of the tray tooltip</comment>
        <translation>; </translation>
    </message>
</context>
<context>
    <name>agentmon::dialogtext</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
</context>
<context>
    <name>agentmonctl</name>
    <message>
        <source>Usage: agentmonctl &lt;command&gt; [options]

Watch and clean up the processes of AI coding agents.

Commands:
  snapshot [--all] [--json]   agent processes with session, class, status and memory
  reap --once [--dry-run] [--json] [--min-age S] [--grace MS]
                              one reaper pass over orphaned, idle and stale agents
  reap --session ID [--dry-run] [--json] [--grace MS]
                              end one session&apos;s whole process tree
  spawn [--session ID] [--wait S] -- CMD [ARGS...]
                              run CMD as a supervised agent in a pool slot
  register --pid PID [--session ID]
                              tell the running instance about a process (for hooks)
  session-end ID              tell the running instance that a session ended (for hooks)
  hooks install|uninstall|status [--settings PATH] [--dry-run]
                              add, remove or show agentmon&apos;s hooks in Claude Code&apos;s settings
  hook session-start|session-end
                              what those hooks run (the hook&apos;s JSON on stdin; always exits 0)
  daemon [--port N]           run the instance without a display (sampler, pool, HTTP API)
  doctor [--json]             check the installation and the running instance

Options:
  -h, --help                  show this help (agentmonctl &lt;command&gt; --help for a command&apos;s)
  -v, --version               show the version

Exit codes: 0 success, 1 failure, 2 usage error, 3 no running instance answers, 75 no pool slot
within the wait; spawn returns CMD&apos;s own exit code (128+N when CMD died of signal N).
</source>
        <translation>Aufruf: agentmonctl &lt;Befehl&gt; [Optionen]

Die Prozesse von KI-Coding-Agenten überwachen und aufräumen.

Befehle:
  snapshot [--all] [--json]   Agent-Prozesse mit Sitzung, Klasse, Status und Speicher
  reap --once [--dry-run] [--json] [--min-age S] [--grace MS]
                              ein Aufräumer-Durchgang über verwaiste, untätige und veraltete Agenten
  reap --session ID [--dry-run] [--json] [--grace MS]
                              den ganzen Prozessbaum einer Sitzung beenden
  spawn [--session ID] [--wait S] -- CMD [ARGS...]
                              CMD als überwachten Agenten in einem Pool-Platz ausführen
  register --pid PID [--session ID]
                              der laufenden Instanz einen Prozess melden (für Hooks)
  session-end ID              der laufenden Instanz das Ende einer Sitzung melden (für Hooks)
  hooks install|uninstall|status [--settings PATH] [--dry-run]
                              agentmons Hooks in den Einstellungen von Claude Code
                              hinzufügen, entfernen oder anzeigen
  hook session-start|session-end
                              was diese Hooks ausführen (JSON des Hooks auf stdin; endet immer mit 0)
  daemon [--port N]           die Instanz ohne Bildschirm betreiben (Messung, Pool, HTTP-API)
  doctor [--json]             die Installation und die laufende Instanz prüfen

Optionen:
  -h, --help                  diese Hilfe anzeigen (agentmonctl &lt;Befehl&gt; --help für die eines Befehls)
  -v, --version               die Version anzeigen

Exit-Codes: 0 Erfolg, 1 Fehler, 2 falscher Aufruf, 3 keine laufende Instanz antwortet, 75 kein
Pool-Platz innerhalb der Wartezeit; spawn gibt den Exit-Code von CMD zurück (128+N, wenn CMD
durch Signal N endete).
</translation>
    </message>
    <message>
        <source>unknown command &apos;%1&apos;</source>
        <translation>unbekannter Befehl „%1“</translation>
    </message>
    <message>
        <source>Run agentmon without a display: sampler, periodic health sweep, slot pool and the HTTP API on 127.0.0.1.</source>
        <translation>agentmon ohne Bildschirm ausführen: Messung, regelmäßige Zustandsprüfung, Platz-Pool und die HTTP-API auf 127.0.0.1.</translation>
    </message>
    <message>
        <source>Listen on port N (default: api/port, 37790).</source>
        <translation>Auf Port N lauschen (Standard: api/port, 37790).</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;</source>
        <translation>unerwartetes Argument „%1“</translation>
    </message>
    <message>
        <source>--port takes a number from 0 to 65535</source>
        <translation>--port erwartet eine Zahl von 0 bis 65535</translation>
    </message>
    <message>
        <source>warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message>
        <source>cannot listen on 127.0.0.1:%1: %2</source>
        <translation>Lauschen auf 127.0.0.1:%1 nicht möglich: %2</translation>
    </message>
    <message>
        <source>warning: cannot write %1</source>
        <translation>Warnung: %1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>pid %1, listening on 127.0.0.1:%2</source>
        <translation>PID %1, lauscht auf 127.0.0.1:%2</translation>
    </message>
    <message>
        <source>%1 is a directory</source>
        <translation>%1 ist ein Verzeichnis</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 is larger than 16 MiB; it was left as it is</source>
        <translation>%1 ist größer als 16 MiB; die Datei blieb unverändert</translation>
    </message>
    <message>
        <source>cannot write the backup %1: %2</source>
        <translation>Sicherung %1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>cannot find a free name for the backup of %1</source>
        <translation>kein freier Name für die Sicherung von %1 zu finden</translation>
    </message>
    <message>
        <source>%1 changed while agentmonctl was editing it; nothing was written, try again</source>
        <translation>%1 wurde geändert, während agentmonctl sie bearbeitete; nichts wurde geschrieben, bitte erneut versuchen</translation>
    </message>
    <message>
        <source>cannot make the directory %1</source>
        <translation>Verzeichnis %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>settings: %1</source>
        <translation>Einstellungen: %1</translation>
    </message>
    <message>
        <source>not installed (no settings file)</source>
        <translation>nicht installiert (keine Einstellungsdatei)</translation>
    </message>
    <message>
        <source>not installed</source>
        <translation>nicht installiert</translation>
    </message>
    <message>
        <source>installed (command %1)</source>
        <translation>installiert (Befehl %1)</translation>
    </message>
    <message>
        <source>warning: the %1 hook runs %2, which does not exist; run `agentmonctl hooks install` to point it at this agentmonctl</source>
        <translation>Warnung: Der Hook %1 führt %2 aus, das nicht existiert; `agentmonctl hooks install` lässt ihn auf dieses agentmonctl zeigen</translation>
    </message>
    <message>
        <source>note: the %1 hook runs %2, not this agentmonctl (%3)</source>
        <translation>Hinweis: Der Hook %1 führt %2 aus, nicht dieses agentmonctl (%3)</translation>
    </message>
    <message>
        <source>warning: the %1 hook is installed %2 times; `agentmonctl hooks install` keeps one</source>
        <translation>Warnung: Der Hook %1 ist %2-mal installiert; `agentmonctl hooks install` behält einen</translation>
    </message>
    <message>
        <source>warning: &quot;disableAllHooks&quot; is true in %1: Claude Code runs no hooks at all</source>
        <translation>Warnung: „disableAllHooks“ ist in %1 true: Claude Code führt überhaupt keine Hooks aus</translation>
    </message>
    <message>
        <source>Usage: agentmonctl hook session-start|session-end

What agentmon&apos;s Claude Code hooks run (see agentmonctl hooks install). Reads the hook&apos;s JSON
on stdin: session-start registers the claude process above the hook under the hook&apos;s
session_id with the running instance, session-end tells it that the session ended. Always
exits 0 and prints nothing on stdout; AGENTMON_HOOK_DEBUG=1 says on stderr what it did.
</source>
        <translation>Aufruf: agentmonctl hook session-start|session-end

Was agentmons Hooks für Claude Code ausführen (siehe agentmonctl hooks install). Liest das JSON
des Hooks von stdin: session-start meldet den claude-Prozess über dem Hook unter der session_id
des Hooks bei der laufenden Instanz an, session-end meldet ihr das Ende der Sitzung. Endet immer
mit 0 und gibt nichts auf stdout aus; AGENTMON_HOOK_DEBUG=1 meldet auf stderr, was geschah.
</translation>
    </message>
    <message>
        <source>Add agentmon&apos;s hooks to Claude Code&apos;s settings.json (install), remove them (uninstall) or show them (status). SessionStart registers each session with the running instance, SessionEnd ends it.
Only agentmon&apos;s entries are touched: every other byte of the file stays as it was, and a backup (settings.json.agentmon-backup-&lt;time&gt;) is written before any change.</source>
        <translation>Fügt agentmons Hooks in die settings.json von Claude Code ein (install), entfernt sie (uninstall) oder zeigt sie an (status). SessionStart meldet jede Sitzung bei der laufenden Instanz an, SessionEnd beendet sie.
Nur agentmons Einträge werden angefasst: Jedes andere Byte der Datei bleibt, wie es war, und vor jeder Änderung wird eine Sicherung (settings.json.agentmon-backup-&lt;time&gt;) geschrieben.</translation>
    </message>
    <message>
        <source>Add the hooks, remove them, or show what is installed.</source>
        <translation>Hooks hinzufügen, entfernen oder anzeigen, was installiert ist.</translation>
    </message>
    <message>
        <source>The settings file (default: $CLAUDE_CONFIG_DIR/settings.json, or ~/.claude/settings.json).</source>
        <translation>Die Einstellungsdatei (Standard: $CLAUDE_CONFIG_DIR/settings.json oder ~/.claude/settings.json).</translation>
    </message>
    <message>
        <source>Print the change as a diff on stdout; write nothing.</source>
        <translation>Die Änderung als Diff auf stdout ausgeben; nichts schreiben.</translation>
    </message>
    <message>
        <source>usage: agentmonctl hooks install|uninstall|status [--settings PATH] [--dry-run]</source>
        <translation>Aufruf: agentmonctl hooks install|uninstall|status [--settings PATH] [--dry-run]</translation>
    </message>
    <message>
        <source>no settings file %1; nothing to remove</source>
        <translation>keine Einstellungsdatei %1; nichts zu entfernen</translation>
    </message>
    <message>
        <source>; the file was left as it is</source>
        <translation>; die Datei blieb unverändert</translation>
    </message>
    <message>
        <source>would add (command %1)</source>
        <translation>würde hinzufügen (Befehl %1)</translation>
    </message>
    <message>
        <source>added (command %1)</source>
        <translation>hinzugefügt (Befehl %1)</translation>
    </message>
    <message>
        <source>would update (command %1, was %2)</source>
        <translation>würde aktualisieren (Befehl %1, vorher %2)</translation>
    </message>
    <message>
        <source>updated (command %1, was %2)</source>
        <translation>aktualisiert (Befehl %1, vorher %2)</translation>
    </message>
    <message>
        <source>would remove</source>
        <translation>würde entfernen</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>entfernt</translation>
    </message>
    <message>
        <source>already installed (command %1)</source>
        <translation>bereits installiert (Befehl %1)</translation>
    </message>
    <message>
        <source>agentmon&apos;s hooks are already installed in %1; nothing changed</source>
        <translation>agentmons Hooks sind in %1 bereits installiert; nichts geändert</translation>
    </message>
    <message>
        <source>agentmon&apos;s hooks are not installed in %1; nothing changed</source>
        <translation>agentmons Hooks sind in %1 nicht installiert; nichts geändert</translation>
    </message>
    <message>
        <source>dry run: nothing was written</source>
        <translation>Probelauf: nichts wurde geschrieben</translation>
    </message>
    <message>
        <source>wrote %1 (the previous version is in %2)</source>
        <translation>%1 geschrieben (die vorige Fassung liegt in %2)</translation>
    </message>
    <message>
        <source>created %1</source>
        <translation>%1 angelegt</translation>
    </message>
    <message>
        <source>Tell the running instance about an agent process (for hooks).</source>
        <translation>Der laufenden Instanz einen Agent-Prozess melden (für Hooks).</translation>
    </message>
    <message>
        <source>The process to track.</source>
        <translation>Der zu verfolgende Prozess.</translation>
    </message>
    <message>
        <source>Its session id.</source>
        <translation>Seine Sitzungs-ID.</translation>
    </message>
    <message>
        <source>usage: agentmonctl register --pid PID [--session ID]</source>
        <translation>Aufruf: agentmonctl register --pid PID [--session ID]</translation>
    </message>
    <message>
        <source>registered pid %1 (%2) in session %3</source>
        <translation>PID %1 (%2) in Sitzung %3 angemeldet</translation>
    </message>
    <message>
        <source>Tell the running instance that a session ended (for hooks).</source>
        <translation>Der laufenden Instanz melden, dass eine Sitzung endete (für Hooks).</translation>
    </message>
    <message>
        <source>The session id.</source>
        <translation>Die Sitzungs-ID.</translation>
    </message>
    <message>
        <source>usage: agentmonctl session-end ID</source>
        <translation>Aufruf: agentmonctl session-end ID</translation>
    </message>
    <message>
        <source>session %1 ended</source>
        <translation>Sitzung %1 beendet</translation>
    </message>
    <message>
        <source>Check the installation and the running instance.</source>
        <translation>Installation und laufende Instanz prüfen.</translation>
    </message>
    <message>
        <source>Print one JSON object.</source>
        <translation>Ein JSON-Objekt ausgeben.</translation>
    </message>
    <message>
        <source>instance: running</source>
        <translation>Instanz: läuft</translation>
    </message>
    <message>
        <source>instance: not running (%1)</source>
        <translation>Instanz: läuft nicht (%1)</translation>
    </message>
    <message>
        <source>rules: %1 built-in, %2 from %3</source>
        <translation>Regeln: %1 eingebaut, %2 aus %3</translation>
    </message>
    <message>
        <source>no problems found</source>
        <translation>keine Probleme gefunden</translation>
    </message>
    <message>
        <source>problem: %1</source>
        <translation>Problem: %1</translation>
    </message>
    <message>
        <source>fix: %1</source>
        <translation>Abhilfe: %1</translation>
    </message>
    <message>
        <source>warning: the kill audit log is unavailable: %1</source>
        <translation>Warnung: Das Audit-Protokoll der Beendigungen ist nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>SESSION</source>
        <translation>SITZUNG</translation>
    </message>
    <message>
        <source>CLASS</source>
        <translation>KLASSE</translation>
    </message>
    <message>
        <source>STATUS</source>
        <translation>STATUS</translation>
    </message>
    <message>
        <source>RSS</source>
        <translation>RSS</translation>
    </message>
    <message>
        <source>OUTCOME</source>
        <translation>ERGEBNIS</translation>
    </message>
    <message>
        <source>COMMAND</source>
        <translation>BEFEHL</translation>
    </message>
    <message>
        <source>REASON</source>
        <translation>GRUND</translation>
    </message>
    <message>
        <source>would signal</source>
        <translation>würde Signal senden</translation>
    </message>
    <message>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <source>skipped:
</source>
        <translation>übersprungen:
</translation>
    </message>
    <message>
        <source>End leaked agent processes: one reaper pass (--once) or one session&apos;s whole tree (--session ID). SIGTERM, grace, SIGKILL, confirmed.</source>
        <translation>Verwaiste Agent-Prozesse beenden: ein Durchgang des Aufräumers (--once) oder der ganze Baum einer Sitzung (--session ID). SIGTERM, Schonfrist, SIGKILL, bestätigt.</translation>
    </message>
    <message>
        <source>One reaper pass over orphaned, idle and stale agents.</source>
        <translation>Ein Durchgang des Aufräumers über verwaiste, untätige und veraltete Agenten.</translation>
    </message>
    <message>
        <source>Reap this session&apos;s whole tree.</source>
        <translation>Den ganzen Baum dieser Sitzung aufräumen.</translation>
    </message>
    <message>
        <source>Show what would be signalled; signal nothing.</source>
        <translation>Anzeigen, was ein Signal erhielte; keine Signale senden.</translation>
    </message>
    <message>
        <source>Print the reap report as one JSON object.</source>
        <translation>Den Aufräumbericht als ein JSON-Objekt ausgeben.</translation>
    </message>
    <message>
        <source>With --once: take nothing younger than S seconds (default 120).</source>
        <translation>Mit --once: nichts Jüngeres als S Sekunden erfassen (Standard 120).</translation>
    </message>
    <message>
        <source>Milliseconds between SIGTERM and SIGKILL (default 5000).</source>
        <translation>Millisekunden zwischen SIGTERM und SIGKILL (Standard 5000).</translation>
    </message>
    <message>
        <source>usage: agentmonctl reap --once [--dry-run] [--json] [--min-age S] [--grace MS]
                         agentmonctl reap --session ID [--dry-run] [--json] [--grace MS]</source>
        <translation>Aufruf: agentmonctl reap --once [--dry-run] [--json] [--min-age S] [--grace MS]
                          agentmonctl reap --session ID [--dry-run] [--json] [--grace MS]</translation>
    </message>
    <message>
        <source>--min-age goes with --once</source>
        <translation>--min-age gehört zu --once</translation>
    </message>
    <message>
        <source>--min-age takes a number of seconds</source>
        <translation>--min-age erwartet eine Anzahl Sekunden</translation>
    </message>
    <message>
        <source>--grace takes milliseconds from 0 to 600000</source>
        <translation>--grace erwartet Millisekunden von 0 bis 600000</translation>
    </message>
    <message>
        <source>CPU%</source>
        <translation>CPU%</translation>
    </message>
    <message>
        <source>AGE</source>
        <translation>ALTER</translation>
    </message>
    <message>
        <source>No agent processes.
</source>
        <translation>Keine Agent-Prozesse.
</translation>
    </message>
    <message>
        <source>%1 agent process(es) in %2 session(s), %3 RSS; %4 orphan(s); %5 ended session(s) with leftovers
</source>
        <translation>%1 Agent-Prozess(e) in %2 Sitzung(en), %3 RSS; %4 verwaist; %5 beendete Sitzung(en) mit Resten
</translation>
    </message>
    <message>
        <source>memory: %1 available of %2</source>
        <translation>Speicher: %1 von %2 verfügbar</translation>
    </message>
    <message>
        <source>, swap %1% used</source>
        <translation>, Swap zu %1 % belegt</translation>
    </message>
    <message>
        <source>, PSI some %1% full %2% (avg10)</source>
        <translation>, PSI some %1 % full %2 % (avg10)</translation>
    </message>
    <message>
        <source>; %1 zombie(s)
</source>
        <translation>; %1 Zombie(s)
</translation>
    </message>
    <message>
        <source>(from the running instance)
</source>
        <translation>(von der laufenden Instanz)
</translation>
    </message>
    <message>
        <source>Show agent processes with session, class, status and memory.</source>
        <translation>Agent-Prozesse mit Sitzung, Klasse, Status und Speicher anzeigen.</translation>
    </message>
    <message>
        <source>Show every process, not only agents.</source>
        <translation>Jeden Prozess anzeigen, nicht nur Agenten.</translation>
    </message>
    <message>
        <source>Print one JSON array of process objects.</source>
        <translation>Ein JSON-Array von Prozessobjekten ausgeben.</translation>
    </message>
    <message>
        <source>Run CMD as a supervised agent: wait for a pool slot of the running instance, pass stdio, signals and the exit code through, and end whatever CMD leaves behind.</source>
        <translation>CMD als überwachten Agenten ausführen: auf einen Pool-Platz der laufenden Instanz warten, Standard-E/A, Signale und Exit-Code durchreichen und beenden, was CMD zurücklässt.</translation>
    </message>
    <message>
        <source>Session id of the agent.</source>
        <translation>Sitzungs-ID des Agenten.</translation>
    </message>
    <message>
        <source>Wait at most S seconds for a pool slot (default: pool/waitTimeoutSeconds).</source>
        <translation>Höchstens S Sekunden auf einen Pool-Platz warten (Standard: pool/waitTimeoutSeconds).</translation>
    </message>
    <message>
        <source>The command to run, after --.</source>
        <translation>Der auszuführende Befehl, nach --.</translation>
    </message>
    <message>
        <source>no command given (agentmonctl spawn [--session ID] [--wait S] -- CMD [ARGS...])</source>
        <translation>kein Befehl angegeben (agentmonctl spawn [--session ID] [--wait S] -- CMD [ARGS...])</translation>
    </message>
    <message>
        <source>--wait takes a number of seconds</source>
        <translation>--wait erwartet eine Anzahl Sekunden</translation>
    </message>
    <message>
        <source>interrupted while waiting for a pool slot</source>
        <translation>beim Warten auf einen Pool-Platz unterbrochen</translation>
    </message>
    <message>
        <source>the instance refused a pool slot: %1</source>
        <translation>die Instanz hat einen Pool-Platz verweigert: %1</translation>
    </message>
    <message>
        <source>warning: %1; no pool limit applies</source>
        <translation>Warnung: %1; es gilt keine Pool-Grenze</translation>
    </message>
    <message>
        <source>warning: could not register pid %1: %2</source>
        <translation>Warnung: PID %1 konnte nicht angemeldet werden: %2</translation>
    </message>
    <message numerus="yes">
        <source>ended %n process(es) left behind by %1</source>
        <translation>
            <numerusform>%n von %1 zurückgelassenen Prozess beendet</numerusform>
            <numerusform>%n von %1 zurückgelassene Prozesse beendet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n survived (state %1)</source>
        <translation>
            <numerusform>%n überlebt (Zustand %1)</numerusform>
            <numerusform>%n überlebt (Zustand %1)</numerusform>
        </translation>
    </message>
</context>
</TS>
