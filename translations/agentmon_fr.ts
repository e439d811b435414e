<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
<context>
    <name>agentmon</name>
    <message>
        <source>Watch the processes of AI coding agents, reap what they leak, cap how many run.</source>
        <translation>Surveiller les processus des agents de codage IA, nettoyer ce qu&apos;ils laissent fuir, limiter le nombre en cours d&apos;exécution.</translation>
    </message>
    <message>
        <source>Start in the tray only.</source>
        <translation>Démarrer uniquement dans la zone de notification.</translation>
    </message>
    <message>
        <source>Serve the HTTP API on port N (default: the api/port setting).</source>
        <translation>Servir l&apos;API HTTP sur le port N (par défaut : le réglage api/port).</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;</source>
        <translation>argument inattendu « %1 »</translation>
    </message>
    <message>
        <source>--port takes a number from 0 to 65535</source>
        <translation>--port attend un nombre de 0 à 65535</translation>
    </message>
    <message>
        <source>another agentmon holds the window lock but does not answer</source>
        <translation>un autre agentmon détient le verrou de fenêtre mais ne répond pas</translation>
    </message>
</context>
<context>
    <name>agentmon::AuditModel</name>
    <message>
        <source>killed</source>
        <translation>tué</translation>
    </message>
    <message>
        <source>survived</source>
        <translation>a survécu</translation>
    </message>
    <message>
        <source>already gone</source>
        <translation>déjà terminé</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>ignoré</translation>
    </message>
    <message>
        <source>planned (dry run)</source>
        <translation>prévu (simulation)</translation>
    </message>
    <message>
        <source>you</source>
        <translation>vous</translation>
    </message>
    <message>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <source>periodic reaper</source>
        <translation>nettoyeur périodique</translation>
    </message>
    <message>
        <source>policy: %1</source>
        <translation>politique : %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>%1
Reap %2</source>
        <translation>%1
Nettoyage %2</translation>
    </message>
    <message>
        <source>PID %1, start time %2</source>
        <translation>PID %1, heure de démarrage %2</translation>
    </message>
    <message>
        <source>%1 KB resident memory freed</source>
        <translation>%1 Ko de mémoire résidente libérés</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Commande</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Classe</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Raison</translation>
    </message>
    <message>
        <source>Signal</source>
        <translation>Signal</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Freed</source>
        <translation>Libéré</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>Demandé par</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>Déclencheur</translation>
    </message>
    <message>
        <source>When the process was signalled (local time)</source>
        <translation>Quand le processus a reçu le signal (heure locale)</translation>
    </message>
    <message>
        <source>The agent session the process belonged to</source>
        <translation>La session d&apos;agent à laquelle appartenait le processus</translation>
    </message>
    <message>
        <source>Process ID</source>
        <translation>ID du processus</translation>
    </message>
    <message>
        <source>The process&apos;s command line</source>
        <translation>La ligne de commande du processus</translation>
    </message>
    <message>
        <source>What agentmon took the process for (session, agent, MCP server, tool...)</source>
        <translation>Ce pour quoi agentmon a pris le processus (session, agent, serveur MCP, outil...)</translation>
    </message>
    <message>
        <source>Why the process was chosen</source>
        <translation>Pourquoi le processus a été choisi</translation>
    </message>
    <message>
        <source>The last signal sent: SIGTERM, or SIGKILL after the grace period</source>
        <translation>Le dernier signal envoyé : SIGTERM, ou SIGKILL après le délai de grâce</translation>
    </message>
    <message>
        <source>What happened: killed, survived (still alive after SIGKILL), already gone, skipped, or planned by a dry run</source>
        <translation>Ce qui s&apos;est passé : tué, a survécu (toujours vivant après SIGKILL), déjà terminé, ignoré, ou prévu par une simulation</translation>
    </message>
    <message>
        <source>Resident memory freed by the process&apos;s death</source>
        <translation>Mémoire résidente libérée par la mort du processus</translation>
    </message>
    <message>
        <source>Who asked for the reap: you, the API, the periodic reaper or a policy</source>
        <translation>Qui a demandé le nettoyage : vous, l&apos;API, le nettoyeur périodique ou une politique</translation>
    </message>
    <message>
        <source>What triggered the reap (route, condition...)</source>
        <translation>Ce qui a déclenché le nettoyage (route, condition...)</translation>
    </message>
</context>
<context>
    <name>agentmon::Autostart</name>
    <message>
        <source>Watch AI coding agents and clean up what they leave behind</source>
        <translation>Surveiller les agents de codage IA et nettoyer ce qu&apos;ils laissent derrière eux</translation>
    </message>
    <message>
        <source>Could not remove %1</source>
        <translation>Impossible de supprimer %1</translation>
    </message>
    <message>
        <source>No program to start</source>
        <translation>Aucun programme à démarrer</translation>
    </message>
    <message>
        <source>Could not create the folder %1</source>
        <translation>Impossible de créer le dossier %1</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Impossible d&apos;écrire %1 : %2</translation>
    </message>
</context>
<context>
    <name>agentmon::CoreText</name>
    <message>
        <source>%1; protected by rule %2</source>
        <translation>%1 ; protégé par la règle %2</translation>
    </message>
    <message>
        <source>exited; parent %1 has not reaped it</source>
        <translation>terminé ; le parent %1 ne l&apos;a pas récupéré</translation>
    </message>
    <message>
        <source>parent %1 exited %2 ago</source>
        <translation>parent %1 terminé il y a %2</translation>
    </message>
    <message>
        <source>adopted by PID 1</source>
        <translation>adopté par le PID 1</translation>
    </message>
    <message>
        <source>adopted by subreaper %1</source>
        <translation>adopté par le subreaper %1</translation>
    </message>
    <message>
        <source>now child of %1</source>
        <translation>désormais enfant de %1</translation>
    </message>
    <message>
        <source>adopted by %1, which started after it</source>
        <translation>adopté par %1, démarré après lui</translation>
    </message>
    <message>
        <source>session %1 ended %2 ago</source>
        <translation>session %1 terminée il y a %2</translation>
    </message>
    <message>
        <source>%1; a leftover if still alive after %2</source>
        <translation>%1 ; un reliquat s&apos;il vit encore après %2</translation>
    </message>
    <message>
        <source>%1; %2</source>
        <translation>%1 ; %2</translation>
    </message>
    <message>
        <source>parent exited; %1</source>
        <translation>parent terminé ; %1</translation>
    </message>
    <message>
        <source>below %1% CPU for %2 under daemon %3</source>
        <translation>sous %1 % de CPU depuis %2 sous le démon %3</translation>
    </message>
    <message>
        <source>running for %1 (max %2) without a live interactive session</source>
        <translation>en cours depuis %1 (max. %2) sans session interactive vivante</translation>
    </message>
    <message>
        <source>interactive session on %1</source>
        <translation>session interactive sur %1</translation>
    </message>
    <message>
        <source>agent daemon</source>
        <translation>démon d&apos;agent</translation>
    </message>
    <message>
        <source>%1 started by %2</source>
        <translation>%1 démarré par %2</translation>
    </message>
    <message>
        <source>in live session %1, child of %2</source>
        <translation>dans la session vivante %1, enfant de %2</translation>
    </message>
    <message>
        <source>in session %1 (known by its markers; its agent was not seen), child of %2</source>
        <translation>dans la session %1 (reconnue à ses marqueurs ; son agent n&apos;a pas été vu), enfant de %2</translation>
    </message>
    <message>
        <source>in session %1, child of %2</source>
        <translation>dans la session %1, enfant de %2</translation>
    </message>
    <message>
        <source>child of %1</source>
        <translation>enfant de %1</translation>
    </message>
    <message>
        <source>registered; judged at the next sample</source>
        <translation>enregistré ; jugé au prochain échantillon</translation>
    </message>
    <message>
        <source>zombie: %1</source>
        <translation>zombie : %1</translation>
    </message>
    <message>
        <source>kernel thread</source>
        <translation>thread du noyau</translation>
    </message>
    <message>
        <source>belongs to uid %1</source>
        <translation>appartient à l&apos;UID %1</translation>
    </message>
    <message>
        <source>gone, or its identity could not be verified</source>
        <translation>disparu, ou son identité n&apos;a pas pu être vérifiée</translation>
    </message>
    <message>
        <source>protected by rule %1</source>
        <translation>protégé par la règle %1</translation>
    </message>
    <message>
        <source>younger than the minimum age (%1 of %2)</source>
        <translation>plus jeune que l&apos;âge minimal (%1 sur %2)</translation>
    </message>
    <message>
        <source>in the live interactive session %1</source>
        <translation>dans la session interactive vivante %1</translation>
    </message>
    <message>
        <source>started by %1, which is reaped</source>
        <translation>démarré par %1, qui est nettoyé</translation>
    </message>
    <message>
        <source>gone, or its pid now belongs to another process</source>
        <translation>disparu, ou son PID appartient désormais à un autre processus</translation>
    </message>
    <message>
        <source>started by %1, which is killed</source>
        <translation>démarré par %1, qui est arrêté</translation>
    </message>
    <message>
        <source>found while the reap ran (process group or child of a target)</source>
        <translation>trouvé pendant le nettoyage (groupe de processus ou enfant d&apos;une cible)</translation>
    </message>
    <message>
        <source>its owner could not be read</source>
        <translation>son propriétaire n&apos;a pas pu être lu</translation>
    </message>
    <message>
        <source>pid %1 is never signalled</source>
        <translation>le PID %1 ne reçoit jamais de signal</translation>
    </message>
    <message>
        <source>agentmon itself</source>
        <translation>agentmon lui-même</translation>
    </message>
    <message>
        <source>an ancestor of agentmon</source>
        <translation>un ancêtre d&apos;agentmon</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>normal</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>avertissement</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>critique</translation>
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
        <translation>swap utilisé %1 &gt; %2</translation>
    </message>
    <message>
        <source>PSI some avg10 %1 &gt; %2</source>
        <translation>PSI some avg10 %1 &gt; %2</translation>
    </message>
    <message>
        <source>zombies %1 &gt; %2</source>
        <translation>zombies %1 &gt; %2</translation>
    </message>
    <message>
        <source>%1 (%2 hysteresis)</source>
        <translation>%1 (%2 d&apos;hystérésis)</translation>
    </message>
    <message>
        <source>%1% of %2 MB</source>
        <translation>%1 % de %2 Mo</translation>
    </message>
    <message>
        <source>%1 kept for at least %2 s (entered %3 s ago)</source>
        <translation>%1 maintenu au moins %2 s (depuis %3 s)</translation>
    </message>
    <message>
        <source>session %1 ended %2 ago: %3, %4 left</source>
        <translation>session %1 terminée il y a %2 : %3, %4 restants</translation>
    </message>
    <message>
        <source>session %1 ended at least %2 ago: %3, %4 left</source>
        <translation>session %1 terminée il y a au moins %2 : %3, %4 restants</translation>
    </message>
    <message>
        <source>%1 process</source>
        <translation>%1 processus</translation>
    </message>
    <message>
        <source>%1 processes</source>
        <translation>%1 processus</translation>
    </message>
    <message>
        <source>%1 copies of %2 (%3)</source>
        <translation>%1 copies de %2 (%3)</translation>
    </message>
    <message>
        <source>not enough samples yet</source>
        <translation>pas encore assez d&apos;échantillons</translation>
    </message>
    <message>
        <source>stable</source>
        <translation>stable</translation>
    </message>
    <message>
        <source>~%1 agent process/hour</source>
        <translation>~%1 processus d&apos;agent/heure</translation>
    </message>
    <message>
        <source>~%1 agent processes/hour</source>
        <translation>~%1 processus d&apos;agent/heure</translation>
    </message>
    <message>
        <source>agent memory +%1/hour</source>
        <translation>mémoire des agents +%1/heure</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>%1; memory exhausted in %2</source>
        <translation>%1 ; mémoire épuisée dans %2</translation>
    </message>
    <message>
        <source>%1; memory exhausted</source>
        <translation>%1 ; mémoire épuisée</translation>
    </message>
    <message>
        <source>correct it in %1</source>
        <translation>corrigez-le dans %1</translation>
    </message>
    <message>
        <source>fix the entry in %1; the built-in rules stay in force</source>
        <translation>corrigez l&apos;entrée dans %1 ; les règles intégrées restent en vigueur</translation>
    </message>
    <message>
        <source>the API token %1 is readable by other users</source>
        <translation>le jeton d&apos;API %1 est lisible par d&apos;autres utilisateurs</translation>
    </message>
    <message>
        <source>the instance does not answer /api/doctor: %1</source>
        <translation>l&apos;instance ne répond pas à /api/doctor : %1</translation>
    </message>
    <message>
        <source>restart it (agentmonctl daemon, or the agentmon app)</source>
        <translation>redémarrez-la (agentmonctl daemon, ou l&apos;application agentmon)</translation>
    </message>
    <message>
        <source>%1 is not valid JSON</source>
        <translation>%1 n&apos;est pas du JSON valide</translation>
    </message>
    <message>
        <source>it is moved aside and rebuilt when agentmon next starts</source>
        <translation>il est mis de côté et reconstruit au prochain démarrage d&apos;agentmon</translation>
    </message>
    <message>
        <source>%1 registry entries belong to processes that exited</source>
        <translation>%1 entrées du registre appartiennent à des processus terminés</translation>
    </message>
    <message>
        <source>start agentmon (or agentmonctl daemon): it prunes them</source>
        <translation>démarrez agentmon (ou agentmonctl daemon) : il les élimine</translation>
    </message>
    <message>
        <source>check free space and permissions of %1</source>
        <translation>vérifiez l&apos;espace libre et les droits de %1</translation>
    </message>
    <message>
        <source>they are pruned by the next health sweep (every %1 s)</source>
        <translation>ils sont éliminés au prochain contrôle de santé (toutes les %1 s)</translation>
    </message>
    <message>
        <source>%1 processes named claude running, %2 matched by the rules</source>
        <translation>%1 processus nommés claude en cours, %2 reconnus par les règles</translation>
    </message>
    <message>
        <source>add a cleanup rule for them to %1</source>
        <translation>ajoutez-leur une règle de nettoyage dans %1</translation>
    </message>
    <message>
        <source>pidfd_open is not available: agentmon cannot verify a process before signalling it, so it signals nothing</source>
        <translation>pidfd_open n&apos;est pas disponible : agentmon ne peut pas vérifier un processus avant de lui envoyer un signal, il n&apos;en envoie donc aucun</translation>
    </message>
    <message>
        <source>run a Linux kernel of 5.3 or later</source>
        <translation>utilisez un noyau Linux 5.3 ou plus récent</translation>
    </message>
    <message>
        <source>no /proc/pressure/memory: memory pressure is judged from MemAvailable and swap only</source>
        <translation>pas de /proc/pressure/memory : la pression mémoire n&apos;est jugée que d&apos;après MemAvailable et le swap</translation>
    </message>
    <message>
        <source>boot with psi=1 (Linux 4.20 or later, CONFIG_PSI)</source>
        <translation>démarrez avec psi=1 (Linux 4.20 ou plus récent, CONFIG_PSI)</translation>
    </message>
    <message>
        <source>the kill audit log %1 is unavailable: %2</source>
        <translation>le journal d&apos;audit des arrêts %1 est indisponible : %2</translation>
    </message>
    <message>
        <source>memory pressure is %1: %2</source>
        <translation>la pression mémoire est %1 : %2</translation>
    </message>
    <message>
        <source>agentmonctl reap --once --dry-run shows what a reaper pass would free</source>
        <translation>agentmonctl reap --once --dry-run montre ce qu&apos;un passage du nettoyeur libérerait</translation>
    </message>
    <message>
        <source>agentmon could not become a child subreaper</source>
        <translation>agentmon n&apos;a pas pu devenir child subreaper</translation>
    </message>
    <message>
        <source>needs Linux 3.4 or later; orphans of launched agents go to PID 1 instead</source>
        <translation>nécessite Linux 3.4 ou plus récent ; les orphelins des agents lancés vont au PID 1 à la place</translation>
    </message>
    <message>
        <source>%1: %2 = &quot;%3&quot; is not a number from %4 to %5; using %6</source>
        <translation>%1 : %2 = « %3 » n&apos;est pas un nombre de %4 à %5 ; %6 est utilisé</translation>
    </message>
    <message>
        <source>%1=&quot;%2&quot; is not a number from 1 to 1000; ignored</source>
        <translation>%1=« %2 » n&apos;est pas un nombre de 1 à 1000 ; ignoré</translation>
    </message>
    <message>
        <source>%1: %2 = &quot;%3&quot; is not off, notify or auto; using the default</source>
        <translation>%1 : %2 = « %3 » n&apos;est ni off, ni notify, ni auto ; la valeur par défaut est utilisée</translation>
    </message>
    <message>
        <source>%1: not valid JSON at offset %2: %3</source>
        <translation>%1 : JSON non valide à la position %2 : %3</translation>
    </message>
    <message>
        <source>%1: rule %2</source>
        <translation>%1 : règle %2</translation>
    </message>
    <message>
        <source>%1: must be an object</source>
        <translation>%1 : doit être un objet</translation>
    </message>
    <message>
        <source>%1: %2; rule ignored</source>
        <translation>%1 : %2 ; règle ignorée</translation>
    </message>
    <message>
        <source>built-in rules are missing from the binary</source>
        <translation>les règles intégrées manquent dans le binaire</translation>
    </message>
    <message>
        <source>built-in rules</source>
        <translation>règles intégrées</translation>
    </message>
    <message>
        <source>%1: cannot be read: %2</source>
        <translation>%1 : illisible : %2</translation>
    </message>
    <message>
        <source>session</source>
        <translation>session</translation>
    </message>
    <message>
        <source>agent</source>
        <translation>agent</translation>
    </message>
    <message>
        <source>mcp</source>
        <translation>mcp</translation>
    </message>
    <message>
        <source>tool</source>
        <translation>outil</translation>
    </message>
    <message>
        <source>daemon</source>
        <translation>démon</translation>
    </message>
    <message>
        <source>child</source>
        <translation>enfant</translation>
    </message>
    <message>
        <source>%1 (%2 samples not recorded so far)</source>
        <translation>%1 (%2 échantillons non enregistrés jusqu'ici)</translation>
    </message>
    <message>
        <source>%1 rows of the kill audit log are not written yet: %2</source>
        <translation>%1 lignes du journal d'audit des arrêts ne sont pas encore écrites : %2</translation>
    </message>
    <message>
        <source>they are kept and written once %1 has room again; check free space and permissions of %1</source>
        <translation>elles sont conservées et écrites dès que %1 a de nouveau de la place ; vérifiez l'espace libre et les droits de %1</translation>
    </message>
    <message>
        <source>%1 rows of the kill audit log were lost: too many waited to be written</source>
        <translation>%1 lignes du journal d'audit des arrêts ont été perdues : trop attendaient d'être écrites</translation>
    </message>
</context>
<context>
    <name>agentmon::CoreWorker</name>
    <message>
        <source>The process has exited.</source>
        <translation>Le processus s&apos;est terminé.</translation>
    </message>
    <message>
        <source>The process has exited; this is what was last seen of it.</source>
        <translation>Le processus s&apos;est terminé ; voici ce qui en a été vu en dernier.</translation>
    </message>
</context>
<context>
    <name>agentmon::DoctorView</name>
    <message>
        <source>Instance</source>
        <translation>Instance</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Configuration</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>Règles</translation>
    </message>
    <message>
        <source>API token</source>
        <translation>Jeton d&apos;API</translation>
    </message>
    <message>
        <source>Registry</source>
        <translation>Registre</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Mémoire</translation>
    </message>
    <message>
        <source>Memory pressure</source>
        <translation>Pression mémoire</translation>
    </message>
    <message>
        <source>Zombies</source>
        <translation>Zombies</translation>
    </message>
    <message>
        <source>Untracked agents</source>
        <translation>Agents non suivis</translation>
    </message>
    <message>
        <source>Leaks</source>
        <translation>Fuites</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>Doublons</translation>
    </message>
    <message>
        <source>Trend</source>
        <translation>Tendance</translation>
    </message>
    <message>
        <source>Pool</source>
        <translation>Pool</translation>
    </message>
    <message>
        <source>Drift</source>
        <translation>Dérive</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historique</translation>
    </message>
    <message>
        <source>not available</source>
        <translation>non disponible</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <source>no</source>
        <translation>non</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualiser</translation>
    </message>
    <message>
        <source>Run the checks again (F5)</source>
        <translation>Relancer les vérifications (F5)</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Élément</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>No report yet</source>
        <translation>Pas encore de rapport</translation>
    </message>
    <message>
        <source>Press Refresh to run the checks.</source>
        <translation>Appuyez sur Actualiser pour lancer les vérifications.</translation>
    </message>
    <message>
        <source>Checked at %1.</source>
        <translation>Vérifié à %1.</translation>
    </message>
    <message>
        <source>No problems found</source>
        <translation>Aucun problème trouvé</translation>
    </message>
    <message>
        <source>1 problem</source>
        <translation>1 problème</translation>
    </message>
    <message numerus="yes">
        <source>%n problems</source>
        <translation>
            <numerusform>%n problème</numerusform>
            <numerusform>%n problèmes</numerusform>
        </translation>
    </message>
    <message>
        <source>The checks could not run</source>
        <translation>Les vérifications n&apos;ont pas pu s&apos;exécuter</translation>
    </message>
    <message>
        <source>Running the checks…</source>
        <translation>Vérifications en cours…</translation>
    </message>
    <message>
        <source>Fix:</source>
        <translation>Correctif :</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
    <message>
        <source>Copy the fix to the clipboard</source>
        <translation>Copier le correctif dans le presse-papiers</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>vide</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>1 item</source>
        <translation>1 élément</translation>
    </message>
    <message numerus="yes">
        <source>%n items</source>
        <translation>
            <numerusform>%n élément</numerusform>
            <numerusform>%n éléments</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 more not shown</source>
        <translation>%1 de plus non affichés</translation>
    </message>
</context>
<context>
    <name>agentmon::HistoryView</name>
    <message>
        <source>Last hour</source>
        <translation>Dernière heure</translation>
    </message>
    <message>
        <source>Show the last hour</source>
        <translation>Afficher la dernière heure</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>Dernier jour</translation>
    </message>
    <message>
        <source>Show the last 24 hours</source>
        <translation>Afficher les dernières 24 heures</translation>
    </message>
    <message>
        <source>Last week</source>
        <translation>Dernière semaine</translation>
    </message>
    <message>
        <source>Show the last 7 days</source>
        <translation>Afficher les 7 derniers jours</translation>
    </message>
    <message>
        <source>Memory (GB)</source>
        <translation>Mémoire (Go)</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>Agents</translation>
    </message>
    <message>
        <source>Memory available</source>
        <translation>Mémoire disponible</translation>
    </message>
    <message>
        <source>Agent memory</source>
        <translation>Mémoire des agents</translation>
    </message>
    <message>
        <source>Reaps</source>
        <translation>Nettoyages</translation>
    </message>
    <message>
        <source>Memory history chart</source>
        <translation>Graphique de l&apos;historique de la mémoire</translation>
    </message>
    <message>
        <source>No history yet: agentmon records a sample every few seconds while it runs.</source>
        <translation>Pas encore d&apos;historique : agentmon enregistre un échantillon toutes les quelques secondes pendant son exécution.</translation>
    </message>
    <message>
        <source>periodic reaper</source>
        <translation>nettoyeur périodique</translation>
    </message>
    <message>
        <source>reap by you</source>
        <translation>nettoyage par vous</translation>
    </message>
    <message>
        <source>reap through the API</source>
        <translation>nettoyage via l&apos;API</translation>
    </message>
    <message>
        <source>policy %1</source>
        <translation>politique %1</translation>
    </message>
    <message>
        <source>reap by %1</source>
        <translation>nettoyage par %1</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1, session %2</source>
        <translation>%1, session %2</translation>
    </message>
    <message numerus="yes">
        <source>%n killed</source>
        <translation>
            <numerusform>%n tué</numerusform>
            <numerusform>%n tués</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n survived</source>
        <translation>
            <numerusform>%n a survécu</numerusform>
            <numerusform>%n ont survécu</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 freed</source>
        <translation>%1 libérés</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
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
        <translation>agentmonctl ne trouve pas cette instance : %1</translation>
    </message>
    <message>
        <source>The HTTP API is off: cannot listen on 127.0.0.1:%1 (%2).</source>
        <translation>L&apos;API HTTP est désactivée : impossible d&apos;écouter sur 127.0.0.1:%1 (%2).</translation>
    </message>
    <message>
        <source>The HTTP API is off: %1</source>
        <translation>L&apos;API HTTP est désactivée : %1</translation>
    </message>
    <message>
        <source>This preview is no longer available; open it again.</source>
        <translation>Cet aperçu n&apos;est plus disponible ; ouvrez-le à nouveau.</translation>
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
        <translation>&amp;Processus</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>&amp;Historique</translation>
    </message>
    <message>
        <source>&amp;Doctor</source>
        <translation>&amp;Diagnostic</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Démarrage…</translation>
    </message>
    <message>
        <source>&amp;Reap Session…</source>
        <translation>&amp;Nettoyer la session…</translation>
    </message>
    <message>
        <source>End the selected session&apos;s whole process tree (preview first) (%1)</source>
        <translation>Terminer toute l&apos;arborescence de processus de la session sélectionnée (aperçu d&apos;abord) (%1)</translation>
    </message>
    <message>
        <source>Kill &amp;Orphans…</source>
        <translation>Arrêter les &amp;orphelins…</translation>
    </message>
    <message>
        <source>One reaper pass over orphaned, idle and stale agent processes (preview first) (%1)</source>
        <translation>Un passage du nettoyeur sur les processus d&apos;agents orphelins, inactifs et périmés (aperçu d&apos;abord) (%1)</translation>
    </message>
    <message>
        <source>&amp;Kill Selected…</source>
        <translation>Arrêter la &amp;sélection…</translation>
    </message>
    <message>
        <source>End the selected processes and what they started (preview first) (%1)</source>
        <translation>Terminer les processus sélectionnés et ce qu&apos;ils ont lancé (aperçu d&apos;abord) (%1)</translation>
    </message>
    <message>
        <source>&amp;Details…</source>
        <translation>&amp;Détails…</translation>
    </message>
    <message>
        <source>Show &amp;All Processes</source>
        <translation>Afficher &amp;tous les processus</translation>
    </message>
    <message>
        <source>Show every process of the machine, not only agent processes</source>
        <translation>Afficher tous les processus de la machine, pas seulement ceux des agents</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualiser</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Rechercher…</translation>
    </message>
    <message>
        <source>&amp;Pause Reaper</source>
        <translation>Suspendre le nettoye&amp;ur</translation>
    </message>
    <message>
        <source>Stop the periodic reaper and automatic policies until resumed (kept across restarts); your own reaps still run</source>
        <translation>Arrêter le nettoyeur périodique et les politiques automatiques jusqu&apos;à la reprise (conservé entre les redémarrages) ; vos propres nettoyages s&apos;exécutent toujours</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Paramètres…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Actions</source>
        <translation>A&amp;ctions</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aid&amp;e</translation>
    </message>
    <message>
        <source>&amp;About agentmon</source>
        <translation>À &amp;propos d&apos;agentmon</translation>
    </message>
    <message>
        <source>About agentmon</source>
        <translation>À propos d&apos;agentmon</translation>
    </message>
    <message>
        <source>&lt;h3&gt;agentmon %1&lt;/h3&gt;&lt;p&gt;Watches the processes of AI coding agents, tells you when they leak or memory runs short, and cleans up without hitting the wrong process.&lt;/p&gt;&lt;p&gt;Every signal goes to a process verified by its pid and start time.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;agentmon %1&lt;/h3&gt;&lt;p&gt;Surveille les processus des agents de codage IA, vous avertit lorsqu&apos;ils fuient ou que la mémoire vient à manquer, et nettoie sans toucher le mauvais processus.&lt;/p&gt;&lt;p&gt;Chaque signal va à un processus vérifié par son pid et son heure de démarrage.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Actions</translation>
    </message>
    <message>
        <source>&lt;b&gt;Sessions&lt;/b&gt;</source>
        <translation>&lt;b&gt;Sessions&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Select a session to see its processes; Esc shows all again</source>
        <translation>Sélectionnez une session pour voir ses processus ; Échap les affiche à nouveau tous</translation>
    </message>
    <message>
        <source>&lt;b&gt;All agent processes&lt;/b&gt;</source>
        <translation>&lt;b&gt;Tous les processus d&apos;agents&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Filter: pid, command, session, status…</source>
        <translation>Filtre : pid, commande, session, statut…</translation>
    </message>
    <message>
        <source>Show all processes</source>
        <translation>Afficher tous les processus</translation>
    </message>
    <message>
        <source>&lt;b&gt;Kill audit log&lt;/b&gt; — every process agentmon signalled or chose not to, newest first</source>
        <translation>&lt;b&gt;Journal d&apos;audit des arrêts&lt;/b&gt; — chaque processus qu&apos;agentmon a signalé ou a choisi de ne pas signaler, le plus récent en premier</translation>
    </message>
    <message>
        <source>Memory: ok</source>
        <translation>Mémoire : ok</translation>
    </message>
    <message>
        <source>Memory: warning</source>
        <translation>Mémoire : avertissement</translation>
    </message>
    <message>
        <source>Memory: critical</source>
        <translation>Mémoire : critique</translation>
    </message>
    <message>
        <source>No sign of memory pressure</source>
        <translation>Aucun signe de pression mémoire</translation>
    </message>
    <message>
        <source>Sampled %1 · 1 process</source>
        <translation>Échantillonné %1 · 1 processus</translation>
    </message>
    <message numerus="yes">
        <source>Sampled %1 · %n processes</source>
        <translation>
            <numerusform>Échantillonné %1 · %n processus</numerusform>
            <numerusform>Échantillonné %1 · %n processus</numerusform>
        </translation>
    </message>
    <message>
        <source>The last sample of /proc took %1 ms</source>
        <translation>Le dernier échantillon de /proc a pris %1 ms</translation>
    </message>
    <message>
        <source>The last answer of the running instance</source>
        <translation>La dernière réponse de l&apos;instance en cours d&apos;exécution</translation>
    </message>
    <message>
        <source>Reaper: paused</source>
        <translation>Nettoyeur : suspendu</translation>
    </message>
    <message>
        <source>Reaper: off</source>
        <translation>Nettoyeur : désactivé</translation>
    </message>
    <message>
        <source>Reaper: next pass in %1</source>
        <translation>Nettoyeur : prochain passage dans %1</translation>
    </message>
    <message>
        <source>Reaper: every %1</source>
        <translation>Nettoyeur : toutes les %1</translation>
    </message>
    <message>
        <source>This window runs agentmon · API 127.0.0.1:%1</source>
        <translation>Cette fenêtre exécute agentmon · API 127.0.0.1:%1</translation>
    </message>
    <message>
        <source>This window runs agentmon · API off</source>
        <translation>Cette fenêtre exécute agentmon · API désactivée</translation>
    </message>
    <message>
        <source>Connected to the running agentmon (pid %1)</source>
        <translation>Connecté à l&apos;agentmon en cours d&apos;exécution (pid %1)</translation>
    </message>
    <message>
        <source>agentmon already ran when this window opened (agentmonctl daemon, or another agentmon): this window shows it and acts through its API.</source>
        <translation>agentmon tournait déjà à l&apos;ouverture de cette fenêtre (agentmonctl daemon, ou un autre agentmon) : cette fenêtre l&apos;affiche et agit via son API.</translation>
    </message>
    <message>
        <source>Not running: %1</source>
        <translation>Non démarré : %1</translation>
    </message>
    <message>
        <source>Trying again every few seconds</source>
        <translation>Nouvelle tentative toutes les quelques secondes</translation>
    </message>
    <message>
        <source>Only the instance itself kills chosen processes: reap their session instead</source>
        <translation>Seule l&apos;instance elle-même arrête des processus choisis : nettoyez plutôt leur session</translation>
    </message>
    <message>
        <source>&lt;b&gt;Session %1&lt;/b&gt;</source>
        <translation>&lt;b&gt;Session %1&lt;/b&gt;</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n sessions&lt;/b&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;%n session&lt;/b&gt;</numerusform>
            <numerusform>&lt;b&gt;%n sessions&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%1 dans %2</translation>
    </message>
    <message>
        <source>agent</source>
        <translation>agent</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Show All Sessions</source>
        <translation>Afficher toutes les sessions</translation>
    </message>
</context>
<context>
    <name>agentmon::MonitorBackend</name>
    <message>
        <source>agentmon is not running yet: %1</source>
        <translation>agentmon n&apos;est pas encore démarré : %1</translation>
    </message>
    <message>
        <source>agentmon is not running: %1</source>
        <translation>agentmon n&apos;est pas démarré : %1</translation>
    </message>
</context>
<context>
    <name>agentmon::NotificationThrottle</name>
    <message numerus="yes">
        <source>%n sessions leaked</source>
        <translation>
            <numerusform>%n session a fui</numerusform>
            <numerusform>%n sessions ont fui</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n automatic reaps</source>
        <translation>
            <numerusform>%n nettoyage automatique</numerusform>
            <numerusform>%n nettoyages automatiques</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n notifications</source>
        <translation>
            <numerusform>%n notification</numerusform>
            <numerusform>%n notifications</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>et %n autre</numerusform>
            <numerusform>et %n autres</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>agentmon::ProcessClass</name>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>session</source>
        <translation>session</translation>
    </message>
    <message>
        <source>agent</source>
        <translation>agent</translation>
    </message>
    <message>
        <source>MCP server</source>
        <translation>serveur MCP</translation>
    </message>
    <message>
        <source>tool</source>
        <translation>outil</translation>
    </message>
    <message>
        <source>daemon</source>
        <translation>démon</translation>
    </message>
    <message>
        <source>child</source>
        <translation>enfant</translation>
    </message>
</context>
<context>
    <name>agentmon::ProcessDetailsDialog</name>
    <message>
        <source>Process details</source>
        <translation>Détails du processus</translation>
    </message>
    <message>
        <source>&amp;Command</source>
        <translation>&amp;Commande</translation>
    </message>
    <message>
        <source>&amp;Environment</source>
        <translation>&amp;Environnement</translation>
    </message>
    <message>
        <source>&amp;Lineage</source>
        <translation>&amp;Lignée</translation>
    </message>
    <message>
        <source>&amp;Stderr</source>
        <translation>&amp;Stderr</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualiser</translation>
    </message>
    <message>
        <source>Read this process again (F5)</source>
        <translation>Relire ce processus (F5)</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Vue d&apos;ensemble</translation>
    </message>
    <message>
        <source>PID:</source>
        <translation>PID :</translation>
    </message>
    <message>
        <source>Start time:</source>
        <translation>Heure de démarrage :</translation>
    </message>
    <message>
        <source>Field 22 of /proc/PID/stat, in clock ticks after boot: with the PID it identifies the process</source>
        <translation>Champ 22 de /proc/PID/stat, en tics d&apos;horloge depuis le démarrage : avec le PID, il identifie le processus</translation>
    </message>
    <message>
        <source>Parent PID:</source>
        <translation>PID parent :</translation>
    </message>
    <message>
        <source>Process group:</source>
        <translation>Groupe de processus :</translation>
    </message>
    <message>
        <source>Session (SID):</source>
        <translation>Session (SID) :</translation>
    </message>
    <message>
        <source>User ID:</source>
        <translation>ID utilisateur :</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>État :</translation>
    </message>
    <message>
        <source>Terminal:</source>
        <translation>Terminal :</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>Threads :</translation>
    </message>
    <message>
        <source>CPU:</source>
        <translation>CPU :</translation>
    </message>
    <message>
        <source>Age:</source>
        <translation>Âge :</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>Classe :</translation>
    </message>
    <message>
        <source>Rule:</source>
        <translation>Règle :</translation>
    </message>
    <message>
        <source>Protected by:</source>
        <translation>Protégé par :</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Statut :</translation>
    </message>
    <message>
        <source>Agent session:</source>
        <translation>Session d&apos;agent :</translation>
    </message>
    <message>
        <source>Registry:</source>
        <translation>Registre :</translation>
    </message>
    <message>
        <source>RSS:</source>
        <translation>RSS :</translation>
    </message>
    <message>
        <source>PSS:</source>
        <translation>PSS :</translation>
    </message>
    <message>
        <source>Swap:</source>
        <translation>Swap :</translation>
    </message>
    <message>
        <source>Working directory:</source>
        <translation>Répertoire de travail :</translation>
    </message>
    <message>
        <source>No command line: a kernel thread, or a process first seen as a zombie.</source>
        <translation>Pas de ligne de commande : un thread du noyau, ou un processus vu pour la première fois comme zombie.</translation>
    </message>
    <message>
        <source>C&amp;opy command line</source>
        <translation>C&amp;opier la ligne de commande</translation>
    </message>
    <message>
        <source>Copy the command, quoted for a shell, to the clipboard</source>
        <translation>Copier la commande, protégée pour un shell, dans le presse-papiers</translation>
    </message>
    <message>
        <source>The environment variables that tie a process to its agent session; they survive setsid, double forks and exec.</source>
        <translation>Les variables d&apos;environnement qui lient un processus à sa session d&apos;agent ; elles survivent à setsid, aux doubles fork et à exec.</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Commande</translation>
    </message>
    <message>
        <source>The last output this agent wrote to stderr (kept for agents agentmon launched).</source>
        <translation>La dernière sortie que cet agent a écrite sur stderr (conservée pour les agents lancés par agentmon).</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <source>PID %1 — %2</source>
        <translation>PID %1 — %2</translation>
    </message>
    <message>
        <source>Last known state: %1.</source>
        <translation>Dernier état connu : %1.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>not an agent process</source>
        <translation>pas un processus d&apos;agent</translation>
    </message>
    <message>
        <source>none: found by its lineage</source>
        <translation>aucune : trouvé par sa lignée</translation>
    </message>
    <message>
        <source>not protected</source>
        <translation>non protégé</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>%1 (its root process)</source>
        <translation>%1 (son processus racine)</translation>
    </message>
    <message>
        <source>launched by agentmon</source>
        <translation>lancé par agentmon</translation>
    </message>
    <message>
        <source>registered</source>
        <translation>enregistré</translation>
    </message>
    <message>
        <source>discovered</source>
        <translation>découvert</translation>
    </message>
    <message>
        <source>tracked</source>
        <translation>suivi</translation>
    </message>
    <message>
        <source>not in the registry</source>
        <translation>absent du registre</translation>
    </message>
    <message>
        <source>not read (agent processes only)</source>
        <translation>non lu (processus d&apos;agents uniquement)</translation>
    </message>
    <message>
        <source>None found.</source>
        <translation>Aucune trouvée.</translation>
    </message>
    <message>
        <source>Not read: the environment of this process could not be read.</source>
        <translation>Non lu : l&apos;environnement de ce processus n&apos;a pas pu être lu.</translation>
    </message>
    <message>
        <source>%1 (exited)</source>
        <translation>%1 (terminé)</translation>
    </message>
    <message>
        <source>PID %1, start time %2</source>
        <translation>PID %1, heure de démarrage %2</translation>
    </message>
</context>
<context>
    <name>agentmon::ProcessModel</name>
    <message>
        <source>ended %1 ago</source>
        <translation>terminé il y a %1</translation>
    </message>
    <message>
        <source>RSS %1</source>
        <translation>RSS %1</translation>
    </message>
    <message>
        <source>PSS %1, swap %2</source>
        <translation>PSS %1, swap %2</translation>
    </message>
    <message>
        <source>PSS and swap are read for agent processes only</source>
        <translation>PSS et swap ne sont lus que pour les processus d&apos;agents</translation>
    </message>
    <message>
        <source>PID %1, parent %2, state %3</source>
        <translation>PID %1, parent %2, état %3</translation>
    </message>
    <message>
        <source>Session: %1 (its root)</source>
        <translation>Session : %1 (sa racine)</translation>
    </message>
    <message>
        <source>Session: %1</source>
        <translation>Session : %1</translation>
    </message>
    <message>
        <source>Class: %1 (by lineage)</source>
        <translation>Classe : %1 (par lignée)</translation>
    </message>
    <message>
        <source>Class: %1 (rule %2)</source>
        <translation>Classe : %1 (règle %2)</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>Statut : %1</translation>
    </message>
    <message>
        <source>Status: %1, %2</source>
        <translation>Statut : %1, %2</translation>
    </message>
    <message>
        <source>Protected by rule %1</source>
        <translation>Protégé par la règle %1</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>terminé</translation>
    </message>
    <message>
        <source>running</source>
        <translation>en cours</translation>
    </message>
    <message>
        <source>orphan</source>
        <translation>orphelin</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>inactif</translation>
    </message>
    <message>
        <source>stale</source>
        <translation>périmé</translation>
    </message>
    <message>
        <source>zombie</source>
        <translation>zombie</translation>
    </message>
    <message>
        <source>unkillable</source>
        <translation>intuable</translation>
    </message>
    <message>
        <source>session</source>
        <translation>session</translation>
    </message>
    <message>
        <source>agent</source>
        <translation>agent</translation>
    </message>
    <message>
        <source>mcp</source>
        <translation>mcp</translation>
    </message>
    <message>
        <source>tool</source>
        <translation>outil</translation>
    </message>
    <message>
        <source>daemon</source>
        <translation>démon</translation>
    </message>
    <message>
        <source>child</source>
        <translation>enfant</translation>
    </message>
    <message>
        <source>sleeping</source>
        <translation>en sommeil</translation>
    </message>
    <message>
        <source>disk sleep</source>
        <translation>sommeil disque</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>arrêté</translation>
    </message>
    <message>
        <source>traced</source>
        <translation>tracé</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>mort</translation>
    </message>
    <message>
        <source>parked</source>
        <translation>parqué</translation>
    </message>
    <message>
        <source>waking</source>
        <translation>en réveil</translation>
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
        <translation>Session</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Classe</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Raison</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Commande</translation>
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
        <translation>Âge</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>PPID</source>
        <translation>PPID</translation>
    </message>
    <message>
        <source>Process id</source>
        <translation>ID du processus</translation>
    </message>
    <message>
        <source>The agent session the process belongs to</source>
        <translation>La session d&apos;agent à laquelle appartient le processus</translation>
    </message>
    <message>
        <source>What agentmon recognised the process as: session, agent, mcp, tool, daemon or child</source>
        <translation>Ce pour quoi agentmon a reconnu le processus : session, agent, mcp, outil, démon ou enfant</translation>
    </message>
    <message>
        <source>running, orphan, idle, stale, zombie or unkillable; ended for a process that just exited</source>
        <translation>en cours, orphelin, inactif, périmé, zombie ou intuable ; terminé pour un processus qui vient de se terminer</translation>
    </message>
    <message>
        <source>Why the process has its status</source>
        <translation>Pourquoi le processus a ce statut</translation>
    </message>
    <message>
        <source>The command line</source>
        <translation>La ligne de commande</translation>
    </message>
    <message>
        <source>Resident memory</source>
        <translation>Mémoire résidente</translation>
    </message>
    <message>
        <source>Proportional set size: resident memory with shared pages split among their users (agent processes only)</source>
        <translation>Taille d&apos;ensemble proportionnelle : mémoire résidente avec les pages partagées réparties entre leurs utilisateurs (processus d&apos;agents uniquement)</translation>
    </message>
    <message>
        <source>Memory swapped out (agent processes only)</source>
        <translation>Mémoire évacuée dans le swap (processus d&apos;agents uniquement)</translation>
    </message>
    <message>
        <source>CPU use since the previous sample, 100 % being one core</source>
        <translation>Utilisation CPU depuis l&apos;échantillon précédent, 100 % correspondant à un cœur</translation>
    </message>
    <message>
        <source>Time since the process started</source>
        <translation>Temps écoulé depuis le démarrage du processus</translation>
    </message>
    <message>
        <source>Kernel scheduling state</source>
        <translation>État d&apos;ordonnancement du noyau</translation>
    </message>
    <message>
        <source>Parent process id</source>
        <translation>ID du processus parent</translation>
    </message>
</context>
<context>
    <name>agentmon::ProcessState</name>
    <message>
        <source>running</source>
        <translation>en cours</translation>
    </message>
    <message>
        <source>sleeping</source>
        <translation>en sommeil</translation>
    </message>
    <message>
        <source>uninterruptible sleep</source>
        <translation>sommeil non interruptible</translation>
    </message>
    <message>
        <source>zombie</source>
        <translation>zombie</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>arrêté</translation>
    </message>
    <message>
        <source>stopped by a tracer</source>
        <translation>arrêté par un traceur</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>mort</translation>
    </message>
    <message>
        <source>idle kernel thread</source>
        <translation>thread noyau inactif</translation>
    </message>
    <message>
        <source>parked</source>
        <translation>parqué</translation>
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
        <translation>en cours</translation>
    </message>
    <message>
        <source>orphan</source>
        <translation>orphelin</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>inactif</translation>
    </message>
    <message>
        <source>stale</source>
        <translation>périmé</translation>
    </message>
    <message>
        <source>zombie</source>
        <translation>zombie</translation>
    </message>
    <message>
        <source>unkillable</source>
        <translation>intuable</translation>
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
        <translation>Nettoyer</translation>
    </message>
    <message>
        <source>Processes the reap leaves alone, and why</source>
        <translation>Processus que le nettoyage laisse tranquilles, et pourquoi</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Pourquoi</translation>
    </message>
    <message>
        <source>&amp;Reap</source>
        <translation>&amp;Nettoyer</translation>
    </message>
    <message>
        <source>Working out what would be signalled…</source>
        <translation>Détermination de ce qui recevrait un signal…</translation>
    </message>
    <message>
        <source>The reaper is making a dry run; nothing has been signalled.</source>
        <translation>Le nettoyeur fait une simulation ; aucun signal n&apos;a été envoyé.</translation>
    </message>
    <message>
        <source>Reap session %1?</source>
        <translation>Nettoyer la session %1 ?</translation>
    </message>
    <message>
        <source>Reap session %1 (%2)?</source>
        <translation>Nettoyer la session %1 (%2) ?</translation>
    </message>
    <message>
        <source>Kill 1 orphaned agent process?</source>
        <translation>Arrêter 1 processus d&apos;agent orphelin ?</translation>
    </message>
    <message numerus="yes">
        <source>Kill %n orphaned agent processes?</source>
        <translation>
            <numerusform>Arrêter %n processus d&apos;agent orphelin ?</numerusform>
            <numerusform>Arrêter %n processus d&apos;agents orphelins ?</numerusform>
        </translation>
    </message>
    <message>
        <source>Kill 1 selected process?</source>
        <translation>Arrêter 1 processus sélectionné ?</translation>
    </message>
    <message numerus="yes">
        <source>Kill %n selected processes?</source>
        <translation>
            <numerusform>Arrêter %n processus sélectionné ?</numerusform>
            <numerusform>Arrêter %n processus sélectionnés ?</numerusform>
        </translation>
    </message>
    <message>
        <source>Reap Session</source>
        <translation>Nettoyer la session</translation>
    </message>
    <message>
        <source>Kill Orphaned Agents</source>
        <translation>Arrêter les agents orphelins</translation>
    </message>
    <message>
        <source>Kill Processes</source>
        <translation>Arrêter des processus</translation>
    </message>
    <message>
        <source>Zombie processes left alone, since only their parents can clear them: %1.</source>
        <translation>Processus zombies laissés tranquilles, car seuls leurs parents peuvent les éliminer : %1.</translation>
    </message>
    <message>
        <source>Nothing to reap: session %1 has no process left that may be signalled.</source>
        <translation>Rien à nettoyer : la session %1 n&apos;a plus aucun processus pouvant recevoir un signal.</translation>
    </message>
    <message>
        <source>Nothing to reap: no orphaned, idle or stale agent process is older than %1.</source>
        <translation>Rien à nettoyer : aucun processus d&apos;agent orphelin, inactif ou périmé n&apos;est plus ancien que %1.</translation>
    </message>
    <message>
        <source>Nothing to reap: none of the selected processes may be signalled.</source>
        <translation>Rien à nettoyer : aucun des processus sélectionnés ne peut recevoir de signal.</translation>
    </message>
    <message>
        <source>The processes found and why they are left alone are listed below.</source>
        <translation>Les processus trouvés et la raison pour laquelle ils sont laissés tranquilles sont listés ci-dessous.</translation>
    </message>
    <message>
        <source>1 process will get SIGTERM, then SIGKILL after %1 if still running.</source>
        <translation>1 processus recevra SIGTERM, puis SIGKILL après %1 s&apos;il tourne encore.</translation>
    </message>
    <message numerus="yes">
        <source>%n processes will get SIGTERM, then SIGKILL after %1 if still running.</source>
        <translation>
            <numerusform>%n processus recevra SIGTERM, puis SIGKILL après %1 s&apos;il tourne encore.</numerusform>
            <numerusform>%n processus recevront SIGTERM, puis SIGKILL après %1 s&apos;ils tournent encore.</numerusform>
        </translation>
    </message>
    <message>
        <source>About %1 will be freed.</source>
        <translation>Environ %1 seront libérés.</translation>
    </message>
    <message>
        <source>Processes they start meanwhile in the same process groups are included.</source>
        <translation>Les processus qu&apos;ils lancent entre-temps dans les mêmes groupes de processus sont inclus.</translation>
    </message>
    <message>
        <source>&amp;Reap 1 process</source>
        <translation>&amp;Nettoyer 1 processus</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Reap %n processes</source>
        <translation>
            <numerusform>&amp;Nettoyer %n processus</numerusform>
            <numerusform>&amp;Nettoyer %n processus</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Kill 1 process</source>
        <translation>&amp;Arrêter 1 processus</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Kill %n processes</source>
        <translation>
            <numerusform>&amp;Arrêter %n processus</numerusform>
            <numerusform>&amp;Arrêter %n processus</numerusform>
        </translation>
    </message>
    <message>
        <source>Send SIGTERM now; SIGKILL follows after %1 to those still running</source>
        <translation>Envoyer SIGTERM maintenant ; SIGKILL suit après %1 pour ceux qui tournent encore</translation>
    </message>
    <message>
        <source>Signalling 1 process…</source>
        <translation>Envoi du signal à 1 processus…</translation>
    </message>
    <message numerus="yes">
        <source>Signalling %n processes…</source>
        <translation>
            <numerusform>Envoi du signal à %n processus…</numerusform>
            <numerusform>Envoi du signal à %n processus…</numerusform>
        </translation>
    </message>
    <message>
        <source>Signalling… up to %1 grace, then SIGKILL.</source>
        <translation>Envoi des signaux… jusqu&apos;à %1 de délai de grâce, puis SIGKILL.</translation>
    </message>
    <message>
        <source>A reap cannot be cancelled halfway: the processes have already been sent SIGTERM.</source>
        <translation>Un nettoyage ne peut pas être annulé en cours de route : les processus ont déjà reçu SIGTERM.</translation>
    </message>
    <message>
        <source>killed by SIGKILL after %1</source>
        <translation>tué par SIGKILL après %1</translation>
    </message>
    <message>
        <source>killed by SIGTERM in %1</source>
        <translation>tué par SIGTERM en %1</translation>
    </message>
    <message>
        <source>survived in state %1</source>
        <translation>a survécu dans l&apos;état %1</translation>
    </message>
    <message>
        <source>survived in state %1, waiting in %2</source>
        <translation>a survécu dans l&apos;état %1, en attente dans %2</translation>
    </message>
    <message>
        <source>skipped: %1</source>
        <translation>ignoré : %1</translation>
    </message>
    <message>
        <source>already gone</source>
        <translation>déjà terminé</translation>
    </message>
    <message>
        <source>would be signalled (dry run)</source>
        <translation>recevrait un signal (simulation)</translation>
    </message>
    <message>
        <source>no outcome reported</source>
        <translation>aucun résultat signalé</translation>
    </message>
    <message>
        <source>found during the reap: in a target&apos;s process group, or started by a target</source>
        <translation>trouvé pendant le nettoyage : dans le groupe de processus d&apos;une cible, ou lancé par une cible</translation>
    </message>
    <message>
        <source>Dry run: 1 process would be signalled</source>
        <translation>Simulation : 1 processus recevrait un signal</translation>
    </message>
    <message numerus="yes">
        <source>Dry run: %n processes would be signalled</source>
        <translation>
            <numerusform>Simulation : %n processus recevrait un signal</numerusform>
            <numerusform>Simulation : %n processus recevraient un signal</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of 1 process killed; %2 survived</source>
        <translation>%1 processus sur 1 tué ; %2 a survécu</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n processes killed; %2 survived</source>
        <translation>
            <numerusform>%1 processus sur %n tué ; %2 a survécu</numerusform>
            <numerusform>%1 processus sur %n tués ; %2 ont survécu</numerusform>
        </translation>
    </message>
    <message>
        <source>Killed 1 process, %1 freed</source>
        <translation>1 processus tué, %1 libérés</translation>
    </message>
    <message numerus="yes">
        <source>Killed %n processes, %1 freed</source>
        <translation>
            <numerusform>%n processus tué, %1 libérés</numerusform>
            <numerusform>%n processus tués, %1 libérés</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was signalled</source>
        <translation>Aucun signal n&apos;a été envoyé</translation>
    </message>
    <message>
        <source>No process was killed</source>
        <translation>Aucun processus n&apos;a été tué</translation>
    </message>
    <message>
        <source>Took %1.</source>
        <translation>Durée : %1.</translation>
    </message>
    <message>
        <source>Nothing was signalled. About %1 would be freed.</source>
        <translation>Aucun signal n&apos;a été envoyé. Environ %1 seraient libérés.</translation>
    </message>
    <message>
        <source>Already gone before the first signal: %1.</source>
        <translation>Déjà terminés avant le premier signal : %1.</translation>
    </message>
    <message>
        <source>Skipped: %1.</source>
        <translation>Ignorés : %1.</translation>
    </message>
    <message>
        <source>Found during the reap and included (process group members, children started meanwhile): %1.</source>
        <translation>Trouvés pendant le nettoyage et inclus (membres des groupes de processus, enfants lancés entre-temps) : %1.</translation>
    </message>
    <message>
        <source>A process in state D waits for the kernel: SIGKILL takes effect once its I/O completes.</source>
        <translation>Un processus dans l&apos;état D attend le noyau : SIGKILL prend effet une fois ses E/S terminées.</translation>
    </message>
    <message>
        <source>Survivors are still running; look at them in the process list.</source>
        <translation>Les survivants tournent encore ; examinez-les dans la liste des processus.</translation>
    </message>
    <message>
        <source>The reap did not finish</source>
        <translation>Le nettoyage ne s&apos;est pas terminé</translation>
    </message>
    <message>
        <source>Could not work out what to reap</source>
        <translation>Impossible de déterminer quoi nettoyer</translation>
    </message>
    <message>
        <source>Not touched (%1)</source>
        <translation>Non touchés (%1)</translation>
    </message>
</context>
<context>
    <name>agentmon::ReapTargetModel</name>
    <message>
        <source>PID %1, start time %2 (clock ticks after boot), process group %3</source>
        <translation>PID %1, heure de démarrage %2 (tics d&apos;horloge depuis le démarrage), groupe de processus %3</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Classe</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Raison</translation>
    </message>
    <message>
        <source>RSS</source>
        <translation>RSS</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Commande</translation>
    </message>
    <message>
        <source>Process ID; with the start time (in the tooltip of each row) it identifies the process</source>
        <translation>ID du processus ; avec l&apos;heure de démarrage (dans l&apos;infobulle de chaque ligne), il identifie le processus</translation>
    </message>
    <message>
        <source>Why the reaper chose this process</source>
        <translation>Pourquoi le nettoyeur a choisi ce processus</translation>
    </message>
    <message>
        <source>Resident memory when the plan was made</source>
        <translation>Mémoire résidente au moment où le plan a été établi</translation>
    </message>
</context>
<context>
    <name>agentmon::RemoteWorker</name>
    <message>
        <source>History unavailable: %1</source>
        <translation>Historique indisponible : %1</translation>
    </message>
    <message>
        <source>The instance answered %1.</source>
        <translation>L&apos;instance a répondu %1.</translation>
    </message>
    <message>
        <source>Only the instance itself can kill chosen processes, and it runs in another process (pid %1). Reap their session instead, or quit that instance and let this window run it.</source>
        <translation>Seule l&apos;instance elle-même peut arrêter des processus choisis, et elle tourne dans un autre processus (pid %1). Nettoyez plutôt leur session, ou quittez cette instance et laissez cette fenêtre l&apos;exécuter.</translation>
    </message>
    <message>
        <source>This preview is no longer available; open it again.</source>
        <translation>Cet aperçu n&apos;est plus disponible ; ouvrez-le à nouveau.</translation>
    </message>
</context>
<context>
    <name>agentmon::SessionModel</name>
    <message>
        <source>live</source>
        <translation>active</translation>
    </message>
    <message numerus="yes">
        <source>%n left, %1</source>
        <extracomment>How many processes of an ended session still run, and their memory: &quot;3 left, 1.2 GB&quot;</extracomment>
        <translation>
            <numerusform>%n restant, %1</numerusform>
            <numerusform>%n restants, %1</numerusform>
        </translation>
    </message>
    <message>
        <source>ended</source>
        <translation>terminé</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <source>Root process never seen: processes attributed by their environment</source>
        <translation>Processus racine jamais vu : processus attribués par leur environnement</translation>
    </message>
    <message>
        <source>Root: %1 (PID %2)</source>
        <translation>Racine : %1 (PID %2)</translation>
    </message>
    <message>
        <source>Root: %1 (PID %2) on %3</source>
        <translation>Racine : %1 (PID %2) sur %3</translation>
    </message>
    <message>
        <source>Project directory unknown</source>
        <translation>Répertoire du projet inconnu</translation>
    </message>
    <message>
        <source>Start time unknown</source>
        <translation>Heure de démarrage inconnue</translation>
    </message>
    <message>
        <source>%1
agent&apos;s own id: %2</source>
        <translation>%1
id propre de l&apos;agent : %2</translation>
    </message>
    <message>
        <source>RSS %1, PSS %2, swap %3</source>
        <translation>RSS %1, PSS %2, swap %3</translation>
    </message>
    <message numerus="yes">
        <source>%n live process(es) in the session</source>
        <translation>
            <numerusform>%n processus actif dans la session</numerusform>
            <numerusform>%n processus actifs dans la session</numerusform>
        </translation>
    </message>
    <message>
        <source>The session&apos;s root process is alive</source>
        <translation>Le processus racine de la session est vivant</translation>
    </message>
    <message>
        <source>Ended %1 ago</source>
        <translation>Terminée il y a %1</translation>
    </message>
    <message numerus="yes">
        <source>%1; %n process(es) still running after the linger time of %2</source>
        <translation>
            <numerusform>%1 ; %n processus encore en cours après le délai de persistance de %2</numerusform>
            <numerusform>%1 ; %n processus encore en cours après le délai de persistance de %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1; %n process(es) still running</source>
        <translation>
            <numerusform>%1 ; %n processus encore en cours</numerusform>
            <numerusform>%1 ; %n processus encore en cours</numerusform>
        </translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projet</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Démarrée</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>Processus</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Mémoire</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>The agent program that started the session</source>
        <translation>Le programme d&apos;agent qui a lancé la session</translation>
    </message>
    <message>
        <source>The project directory: the root&apos;s working directory or CLAUDE_PROJECT_DIR</source>
        <translation>Le répertoire du projet : le répertoire de travail de la racine ou CLAUDE_PROJECT_DIR</translation>
    </message>
    <message>
        <source>When the session&apos;s root process started</source>
        <translation>Quand le processus racine de la session a démarré</translation>
    </message>
    <message>
        <source>Session id (shortened; the full id in the tooltip)</source>
        <translation>ID de session (raccourci ; l&apos;ID complet dans l&apos;infobulle)</translation>
    </message>
    <message>
        <source>Live processes of the session</source>
        <translation>Processus actifs de la session</translation>
    </message>
    <message>
        <source>Resident memory of the session&apos;s processes</source>
        <translation>Mémoire résidente des processus de la session</translation>
    </message>
    <message>
        <source>live, ended, or what an ended session left running after the linger time</source>
        <translation>active, terminée, ou ce qu&apos;une session terminée a laissé tourner après le délai de persistance</translation>
    </message>
</context>
<context>
    <name>agentmon::SettingsDialog</name>
    <message>
        <source>Sample every (desktop app)</source>
        <translation>Échantillonner toutes les (application de bureau)</translation>
    </message>
    <message>
        <source>How often the desktop app reads the process table while it runs the instance.</source>
        <translation>Fréquence à laquelle l&apos;application de bureau lit la table des processus lorsqu&apos;elle exécute l&apos;instance.</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Sample every (daemon)</source>
        <translation>Échantillonner toutes les (démon)</translation>
    </message>
    <message>
        <source>The same for the headless instance (agentmonctl daemon).</source>
        <translation>Idem pour l&apos;instance sans interface (agentmonctl daemon).</translation>
    </message>
    <message>
        <source>Health sweep every</source>
        <translation>Contrôle de santé toutes les</translation>
    </message>
    <message>
        <source>Prunes registry entries of processes that exited and frees their pool slots.</source>
        <translation>Élimine les entrées du registre des processus terminés et libère leurs emplacements du pool.</translation>
    </message>
    <message>
        <source>Reaper pass every</source>
        <translation>Passage du nettoyeur toutes les</translation>
    </message>
    <message>
        <source>Orphaned, leaked, idle and stale agents are cleaned up on this schedule. Off: only when you ask for it.</source>
        <translation>Les agents orphelins, en fuite, inactifs et périmés sont nettoyés selon ce calendrier. Désactivé : uniquement lorsque vous le demandez.</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Désactivé</translation>
    </message>
    <message>
        <source>Minimum age before an automatic kill</source>
        <translation>Âge minimal avant un arrêt automatique</translation>
    </message>
    <message>
        <source>Nothing younger is signalled by a reaper pass or a policy; a person may still reap it.</source>
        <translation>Rien de plus jeune ne reçoit de signal d&apos;un passage du nettoyeur ou d&apos;une politique ; une personne peut toujours le nettoyer.</translation>
    </message>
    <message>
        <source>Grace period before SIGKILL</source>
        <translation>Délai de grâce avant SIGKILL</translation>
    </message>
    <message>
        <source>Time given to processes to exit after SIGTERM; the survivors then get SIGKILL.</source>
        <translation>Temps laissé aux processus pour se terminer après SIGTERM ; les survivants reçoivent ensuite SIGKILL.</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Confirmation after SIGKILL</source>
        <translation>Confirmation après SIGKILL</translation>
    </message>
    <message>
        <source>How long to wait for the exits to be confirmed before a process is reported as a survivor.</source>
        <translation>Durée d&apos;attente de la confirmation des fins avant qu&apos;un processus soit signalé comme survivant.</translation>
    </message>
    <message>
        <source>Session linger</source>
        <translation>Persistance de session</translation>
    </message>
    <message>
        <source>What is still alive of a session this long after it ended counts as leaked.</source>
        <translation>Ce qui est encore vivant d&apos;une session ce temps après sa fin compte comme fuite.</translation>
    </message>
    <message>
        <source>Idle window</source>
        <translation>Fenêtre d&apos;inactivité</translation>
    </message>
    <message>
        <source>A child of an agent daemon below the idle CPU share for this long is idle.</source>
        <translation>Un enfant d&apos;un démon d&apos;agent sous la part CPU d&apos;inactivité pendant ce temps est inactif.</translation>
    </message>
    <message>
        <source>Idle below CPU</source>
        <translation>Inactif sous CPU</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Maximum age</source>
        <translation>Âge maximal</translation>
    </message>
    <message>
        <source>An agent older than this without a live session is stale.</source>
        <translation>Un agent plus ancien que cela sans session active est périmé.</translation>
    </message>
    <message>
        <source>Warning: available memory below</source>
        <translation>Avertissement : mémoire disponible sous</translation>
    </message>
    <message>
        <source>MemAvailable of /proc/meminfo. 0 turns this warning off.</source>
        <translation>MemAvailable de /proc/meminfo. 0 désactive cet avertissement.</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> Mo</translation>
    </message>
    <message>
        <source>Warning: swap used above</source>
        <translation>Avertissement : swap utilisé au-dessus de</translation>
    </message>
    <message>
        <source>Share of the swap space in use. 100 % turns this warning off.</source>
        <translation>Part de l&apos;espace de swap utilisée. 100 % désactive cet avertissement.</translation>
    </message>
    <message>
        <source>Warning: some tasks stalled above</source>
        <translation>Avertissement : certaines tâches bloquées au-dessus de</translation>
    </message>
    <message>
        <source>Share of the last 10 seconds in which some tasks waited for memory (PSI &quot;some&quot; avg10 of /proc/pressure/memory). 100 % turns this warning off.</source>
        <translation>Part des 10 dernières secondes pendant laquelle certaines tâches ont attendu de la mémoire (PSI &quot;some&quot; avg10 de /proc/pressure/memory). 100 % désactive cet avertissement.</translation>
    </message>
    <message>
        <source>Warning: zombie processes above</source>
        <translation>Avertissement : processus zombies au-dessus de</translation>
    </message>
    <message>
        <source>Processes that exited but whose parent has not collected them; a growing number means a parent that leaks them.</source>
        <translation>Processus terminés mais que leur parent n&apos;a pas récupérés ; un nombre croissant signale un parent qui les laisse fuir.</translation>
    </message>
    <message>
        <source>Critical: all tasks stalled above</source>
        <translation>Critique : toutes les tâches bloquées au-dessus de</translation>
    </message>
    <message>
        <source>Share of the last 10 seconds in which every task waited for memory (PSI &quot;full&quot; avg10). 100 % turns this off.</source>
        <translation>Part des 10 dernières secondes pendant laquelle toutes les tâches ont attendu de la mémoire (PSI &quot;full&quot; avg10). 100 % désactive ce seuil.</translation>
    </message>
    <message>
        <source>Critical: available memory below</source>
        <translation>Critique : mémoire disponible sous</translation>
    </message>
    <message>
        <source>Share of the total memory. 0 turns this off.</source>
        <translation>Part de la mémoire totale. 0 désactive ce seuil.</translation>
    </message>
    <message>
        <source>Hysteresis</source>
        <translation>Hystérésis</translation>
    </message>
    <message>
        <source>A level is left only when every figure is back past its threshold by this share of the threshold, so that the level does not flicker.</source>
        <translation>Un niveau n&apos;est quitté que lorsque chaque valeur est repassée de l&apos;autre côté de son seuil d&apos;au moins cette part du seuil, afin que le niveau ne clignote pas.</translation>
    </message>
    <message>
        <source>Minimum time at a level</source>
        <translation>Durée minimale à un niveau</translation>
    </message>
    <message>
        <source>A level is left no sooner than this; going up is never delayed.</source>
        <translation>Un niveau n&apos;est pas quitté avant ce délai ; la montée n&apos;est jamais retardée.</translation>
    </message>
    <message>
        <source>Agents running at once</source>
        <translation>Agents simultanés</translation>
    </message>
    <message>
        <source>Further agents started through the pool wait for a slot.</source>
        <translation>Les agents supplémentaires lancés via le pool attendent un emplacement.</translation>
    </message>
    <message>
        <source>Hard cap</source>
        <translation>Limite stricte</translation>
    </message>
    <message>
        <source>With this many agents alive (tracked ones included), requests are refused instead of queued.</source>
        <translation>Avec autant d&apos;agents vivants (y compris ceux suivis), les demandes sont refusées au lieu d&apos;être mises en file d&apos;attente.</translation>
    </message>
    <message>
        <source>Wait for a slot at most</source>
        <translation>Attendre un emplacement au plus</translation>
    </message>
    <message>
        <source>Unless the request asks for another time (spawn --wait).</source>
        <translation>Sauf si la demande indique une autre durée (spawn --wait).</translation>
    </message>
    <message>
        <source>Error output kept per agent</source>
        <translation>Sortie d&apos;erreur conservée par agent</translation>
    </message>
    <message>
        <source>The end of the standard error of agents launched by agentmon, shown in their details.</source>
        <translation>La fin de la sortie d&apos;erreur standard des agents lancés par agentmon, affichée dans leurs détails.</translation>
    </message>
    <message>
        <source> bytes</source>
        <translation> octets</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>The HTTP API listens on 127.0.0.1 only. A new port takes effect when the instance restarts (the desktop app or agentmonctl daemon); their --port option overrides it.</source>
        <translation>L&apos;API HTTP n&apos;écoute que sur 127.0.0.1. Un nouveau port prend effet au redémarrage de l&apos;instance (l&apos;application de bureau ou agentmonctl daemon) ; leur option --port le remplace.</translation>
    </message>
    <message>
        <source>Keep samples and kills for</source>
        <translation>Conserver les échantillons et les arrêts pendant</translation>
    </message>
    <message>
        <source> days</source>
        <translation> jours</translation>
    </message>
    <message>
        <source>Size limit of the samples</source>
        <translation>Taille maximale des échantillons</translation>
    </message>
    <message>
        <source>The oldest samples go first when the history grows past it.</source>
        <translation>Les échantillons les plus anciens sont supprimés en premier lorsque l&apos;historique dépasse cette taille.</translation>
    </message>
    <message>
        <source>Settings — agentmon</source>
        <translation>Paramètres — agentmon</translation>
    </message>
    <message>
        <source>Set the values of this page to their defaults (written by Apply or OK)</source>
        <translation>Rétablir les valeurs par défaut de cette page (écrites par Appliquer ou OK)</translation>
    </message>
    <message>
        <source>Drop the changes not applied yet</source>
        <translation>Abandonner les modifications non encore appliquées</translation>
    </message>
    <message>
        <source>Write the changes; agentmon uses them at once</source>
        <translation>Écrire les modifications ; agentmon les utilise immédiatement</translation>
    </message>
    <message>
        <source>%1

Key %2 in %3; default %4, from %5 to %6.</source>
        <translation>%1

Clé %2 dans %3 ; par défaut %4, de %5 à %6.</translation>
    </message>
    <message>
        <source>Notify</source>
        <translation>Notifier</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatique</translation>
    </message>
    <message>
        <source>Leaked sessions:</source>
        <translation>Sessions en fuite :</translation>
    </message>
    <message>
        <source>Critical memory pressure:</source>
        <translation>Pression mémoire critique :</translation>
    </message>
    <message>
        <source>Sessions that ended and left processes behind are only shown in the window.</source>
        <translation>Les sessions terminées qui ont laissé des processus derrière elles ne sont affichées que dans la fenêtre.</translation>
    </message>
    <message>
        <source>Nothing happens when memory runs short; the tray icon still turns red.</source>
        <translation>Rien ne se passe lorsque la mémoire vient à manquer ; l&apos;icône de la zone de notification devient quand même rouge.</translation>
    </message>
    <message>
        <source>A notification names the session that left processes behind, and the doctor lists it with the command that reaps it.</source>
        <translation>Une notification nomme la session qui a laissé des processus derrière elle, et le diagnostic la liste avec la commande qui la nettoie.</translation>
    </message>
    <message>
        <source>A notification says that memory pressure turned critical and why.</source>
        <translation>Une notification indique que la pression mémoire est devenue critique et pourquoi.</translation>
    </message>
    <message>
        <source>What a session left behind is reaped once it outlived the linger time, with every guard of the reaper; a notification tells what was freed.</source>
        <translation>Ce qu&apos;une session a laissé derrière elle est nettoyé une fois le délai de persistance dépassé, avec toutes les protections du nettoyeur ; une notification indique ce qui a été libéré.</translation>
    </message>
    <message>
        <source>When memory pressure turns critical, a reaper pass frees orphaned, leaked, idle and stale agents older than the minimum age.</source>
        <translation>Lorsque la pression mémoire devient critique, un passage du nettoyeur libère les agents orphelins, en fuite, inactifs et périmés plus anciens que l&apos;âge minimal.</translation>
    </message>
    <message>
        <source>While the reaper is paused, you are only notified.</source>
        <translation>Tant que le nettoyeur est suspendu, vous êtes seulement notifié.</translation>
    </message>
    <message>
        <source>(default)</source>
        <translation>(par défaut)</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>Échantillonnage</translation>
    </message>
    <message>
        <source>How often agentmon looks at the processes and at its own records.</source>
        <translation>À quelle fréquence agentmon examine les processus et ses propres enregistrements.</translation>
    </message>
    <message>
        <source>Reaper</source>
        <translation>Nettoyeur</translation>
    </message>
    <message>
        <source>The reaper ends orphaned, leaked, idle and stale agents: SIGTERM, a grace period, then SIGKILL. Interactive sessions are never touched automatically.</source>
        <translation>Le nettoyeur termine les agents orphelins, en fuite, inactifs et périmés : SIGTERM, un délai de grâce, puis SIGKILL. Les sessions interactives ne sont jamais touchées automatiquement.</translation>
    </message>
    <message>
        <source>Pause the periodic reaper</source>
        <translation>Suspendre le nettoyeur périodique</translation>
    </message>
    <message>
        <source>Planned passes are skipped until it is resumed here or from the tray icon.</source>
        <translation>Les passages planifiés sont ignorés jusqu&apos;à la reprise, ici ou depuis l&apos;icône de la zone de notification.</translation>
    </message>
    <message>
        <source>Statuses</source>
        <translation>Statuts</translation>
    </message>
    <message>
        <source>When a process counts as leaked, idle or stale.</source>
        <translation>Quand un processus compte comme en fuite, inactif ou périmé.</translation>
    </message>
    <message>
        <source>Memory Pressure</source>
        <translation>Pression mémoire</translation>
    </message>
    <message>
        <source>The levels of the tray icon and of the critical-pressure policy. A figure counts when it is beyond its threshold; a threshold set to its &quot;off&quot; value is never reached.</source>
        <translation>Les niveaux de l&apos;icône de la zone de notification et de la politique de pression critique. Une valeur compte lorsqu&apos;elle dépasse son seuil ; un seuil réglé sur sa valeur « désactivé » n&apos;est jamais atteint.</translation>
    </message>
    <message>
        <source>Pool</source>
        <translation>Pool</translation>
    </message>
    <message>
        <source>Agents started with agentmonctl spawn or the API take a slot of the pool, so that only a few run at once.</source>
        <translation>Les agents lancés avec agentmonctl spawn ou l&apos;API prennent un emplacement du pool, de sorte que seuls quelques-uns tournent en même temps.</translation>
    </message>
    <message>
        <source>Policies</source>
        <translation>Politiques</translation>
    </message>
    <message>
        <source>What agentmon does on its own when something happens. Automatic actions go through the reaper with all its guards.</source>
        <translation>Ce qu&apos;agentmon fait de lui-même lorsque quelque chose se produit. Les actions automatiques passent par le nettoyeur avec toutes ses protections.</translation>
    </message>
    <message>
        <source>Dry run: plan and log, signal nothing</source>
        <translation>Simulation : planifier et journaliser, n&apos;envoyer aucun signal</translation>
    </message>
    <message>
        <source>Automatic actions are written to the audit log as if they happened, but no process is signalled. Try a policy this way before trusting it.</source>
        <translation>Les actions automatiques sont écrites dans le journal d&apos;audit comme si elles avaient eu lieu, mais aucun processus ne reçoit de signal. Essayez une politique ainsi avant de lui faire confiance.</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>Règles</translation>
    </message>
    <message>
        <source>Rules recognise agent processes. Yours, in a rules file, come on top of the built-in ones; a protect rule beats any cleanup rule. agentmon reloads the file when it changes.</source>
        <translation>Les règles reconnaissent les processus d&apos;agents. Les vôtres, dans un fichier de règles, s&apos;ajoutent aux règles intégrées ; une règle de protection l&apos;emporte sur toute règle de nettoyage. agentmon recharge le fichier lorsqu&apos;il change.</translation>
    </message>
    <message>
        <source>Rules file:</source>
        <translation>Fichier de règles :</translation>
    </message>
    <message>
        <source>Open Rules File</source>
        <translation>Ouvrir le fichier de règles</translation>
    </message>
    <message>
        <source>Opens the file in your editor; creates an empty one first if there is none</source>
        <translation>Ouvre le fichier dans votre éditeur ; en crée d&apos;abord un vide s&apos;il n&apos;y en a pas</translation>
    </message>
    <message>
        <source>Check Rules</source>
        <translation>Vérifier les règles</translation>
    </message>
    <message>
        <source>Reads the file as agentmon would and lists what it rejects</source>
        <translation>Lit le fichier comme agentmon le ferait et liste ce qu&apos;il rejette</translation>
    </message>
    <message>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <source>The local HTTP API used by agentmonctl, hooks and scripts.</source>
        <translation>L&apos;API HTTP locale utilisée par agentmonctl, les hooks et les scripts.</translation>
    </message>
    <message>
        <source>Clients authenticate with the token in %1.</source>
        <translation>Les clients s&apos;authentifient avec le jeton de %1.</translation>
    </message>
    <message>
        <source>Startup</source>
        <translation>Démarrage</translation>
    </message>
    <message>
        <source>Whether agentmon starts with your desktop session.</source>
        <translation>Si agentmon démarre avec votre session de bureau.</translation>
    </message>
    <message>
        <source>Start agentmon in the tray when I log in</source>
        <translation>Démarrer agentmon dans la zone de notification à l&apos;ouverture de session</translation>
    </message>
    <message>
        <source>Writes the autostart entry %1 (removed again when turned off).</source>
        <translation>Écrit l&apos;entrée de démarrage automatique %1 (supprimée à nouveau une fois désactivé).</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historique</translation>
    </message>
    <message>
        <source>Samples and the kill audit log in history.sqlite.</source>
        <translation>Échantillons et journal d&apos;audit des arrêts dans history.sqlite.</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Autre</translation>
    </message>
    <message>
        <source>&lt;b&gt;Some values in %1 are not valid.&lt;/b&gt; The defaults are shown in their place; Apply or OK writes what is shown.</source>
        <translation>&lt;b&gt;Certaines valeurs de %1 ne sont pas valides.&lt;/b&gt; Les valeurs par défaut sont affichées à leur place ; Appliquer ou OK écrit ce qui est affiché.</translation>
    </message>
    <message>
        <source>More than the hard cap: at most %1 agents run at once.</source>
        <translation>Plus que la limite stricte : au plus %1 agents tournent en même temps.</translation>
    </message>
    <message>
        <source>%1 is set in the environment of this program; it overrides the value here for an instance started from it.</source>
        <translation>%1 est défini dans l&apos;environnement de ce programme ; il remplace la valeur indiquée ici pour une instance lancée depuis celui-ci.</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>Impossible d&apos;écrire %1.</translation>
    </message>
    <message>
        <source>There is no rules file; the %1 built-in rules apply.</source>
        <translation>Il n&apos;y a pas de fichier de règles ; les %1 règles intégrées s&apos;appliquent.</translation>
    </message>
    <message>
        <source>1 user rule, valid.</source>
        <translation>1 règle utilisateur, valide.</translation>
    </message>
    <message>
        <source>%1 user rules, all valid.</source>
        <translation>%1 règles utilisateur, toutes valides.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 user rules in force; these entries were rejected&lt;/b&gt; (the built-in rules stay in force):</source>
        <translation>&lt;b&gt;%1 règles utilisateur en vigueur ; ces entrées ont été rejetées&lt;/b&gt; (les règles intégrées restent en vigueur) :</translation>
    </message>
    <message>
        <source>Could not create %1: %2</source>
        <translation>Impossible de créer %1 : %2</translation>
    </message>
    <message>
        <source>No program to open %1 was found.</source>
        <translation>Aucun programme pour ouvrir %1 n&apos;a été trouvé.</translation>
    </message>
</context>
<context>
    <name>agentmon::TrayController</name>
    <message>
        <source>&amp;Show agentmon</source>
        <translation>&amp;Afficher agentmon</translation>
    </message>
    <message>
        <source>&amp;Reap Orphans Now…</source>
        <translation>&amp;Nettoyer les orphelins maintenant…</translation>
    </message>
    <message>
        <source>&amp;Pause Reaper</source>
        <translation>Suspendre le nettoye&amp;ur</translation>
    </message>
    <message>
        <source>No reap yet</source>
        <translation>Pas encore de nettoyage</translation>
    </message>
    <message>
        <source>&amp;Quit agentmon</source>
        <translation>&amp;Quitter agentmon</translation>
    </message>
    <message>
        <source>agentmon: %1</source>
        <translation>agentmon : %1</translation>
    </message>
    <message>
        <source>No system tray was found: agentmon keeps this window, and closing it quits.</source>
        <translation>Aucune zone de notification n&apos;a été trouvée : agentmon garde cette fenêtre, et la fermer quitte l&apos;application.</translation>
    </message>
    <message>
        <source>&amp;Hide agentmon</source>
        <translation>&amp;Masquer agentmon</translation>
    </message>
    <message>
        <source>Last reap %1: 1 process, %2 freed</source>
        <translation>Dernier nettoyage %1 : 1 processus, %2 libérés</translation>
    </message>
    <message numerus="yes">
        <source>Last reap %1: %n processes, %2 freed</source>
        <translation>
            <numerusform>Dernier nettoyage %1 : %n processus, %2 libérés</numerusform>
            <numerusform>Dernier nettoyage %1 : %n processus, %2 libérés</numerusform>
        </translation>
    </message>
    <message>
        <source>agentmon is still running</source>
        <translation>agentmon tourne toujours</translation>
    </message>
    <message>
        <source>It keeps watching your agents and reaping what they leak from the tray. Quit it from the tray icon&apos;s menu.</source>
        <translation>Il continue de surveiller vos agents et de nettoyer ce qu&apos;ils laissent fuir depuis la zone de notification. Quittez-le depuis le menu de l&apos;icône de la zone de notification.</translation>
    </message>
</context>
<context>
    <name>agentmon::TrayNotification</name>
    <message>
        <source>1 process, %1</source>
        <translation>1 processus, %1</translation>
    </message>
    <message numerus="yes">
        <source>%n processes, %1</source>
        <translation>
            <numerusform>%n processus, %1</numerusform>
            <numerusform>%n processus, %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Memory back to normal</source>
        <translation>Mémoire revenue à la normale</translation>
    </message>
    <message>
        <source>Too many zombie processes</source>
        <translation>Trop de processus zombies</translation>
    </message>
    <message>
        <source>Memory running short</source>
        <translation>La mémoire vient à manquer</translation>
    </message>
    <message>
        <source>Memory critical</source>
        <translation>Mémoire critique</translation>
    </message>
    <message>
        <source>No agent processes run.</source>
        <translation>Aucun processus d&apos;agent en cours.</translation>
    </message>
    <message>
        <source>1 agent process uses %1.</source>
        <translation>1 processus d&apos;agent utilise %1.</translation>
    </message>
    <message numerus="yes">
        <source>%n agent processes use %1.</source>
        <translation>
            <numerusform>%n processus d&apos;agent utilise %1.</numerusform>
            <numerusform>%n processus d&apos;agents utilisent %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>1 orphan holds %1.</source>
        <translation>1 orphelin occupe %1.</translation>
    </message>
    <message numerus="yes">
        <source>%n orphans hold %1.</source>
        <translation>
            <numerusform>%n orphelin occupe %1.</numerusform>
            <numerusform>%n orphelins occupent %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>1 leaked session holds %1.</source>
        <translation>1 session en fuite occupe %1.</translation>
    </message>
    <message numerus="yes">
        <source>%n leaked sessions hold %1.</source>
        <translation>
            <numerusform>%n session en fuite occupe %1.</numerusform>
            <numerusform>%n sessions en fuite occupent %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Session leaked: %1</source>
        <translation>Fuite de session : %1</translation>
    </message>
    <message>
        <source>1 process (%1) outlived its session.</source>
        <translation>1 processus (%1) a survécu à sa session.</translation>
    </message>
    <message numerus="yes">
        <source>%n processes (%1) outlived their session.</source>
        <translation>
            <numerusform>%n processus (%1) a survécu à sa session.</numerusform>
            <numerusform>%n processus (%1) ont survécu à leur session.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>Reap ended no process</source>
        <translation>Le nettoyage n&apos;a terminé aucun processus</translation>
    </message>
    <message>
        <source>Reaped 1 process (%1)</source>
        <translation>1 processus nettoyé (%1)</translation>
    </message>
    <message numerus="yes">
        <source>Reaped %n processes (%1)</source>
        <translation>
            <numerusform>%n processus nettoyé (%1)</numerusform>
            <numerusform>%n processus nettoyés (%1)</numerusform>
        </translation>
    </message>
    <message>
        <source>session %1</source>
        <translation>session %1</translation>
    </message>
    <message>
        <source>%1 orphaned</source>
        <translation>%1 orphelins</translation>
    </message>
    <message>
        <source>%1 idle</source>
        <translation>%1 inactifs</translation>
    </message>
    <message>
        <source>%1 stale</source>
        <translation>%1 périmés</translation>
    </message>
    <message>
        <source>%1 other</source>
        <translation>%1 autres</translation>
    </message>
    <message>
        <source>nothing planned</source>
        <translation>rien de prévu</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>Targets: %1</source>
        <translation>Cibles : %1</translation>
    </message>
    <message>
        <source>1 process survived (state %1).</source>
        <translation>1 processus a survécu (état %1).</translation>
    </message>
    <message numerus="yes">
        <source>%n processes survived.</source>
        <translation>
            <numerusform>%n processus a survécu.</numerusform>
            <numerusform>%n processus ont survécu.</numerusform>
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
        <translation>%1 dans %2</translation>
    </message>
    <message>
        <source>agent</source>
        <translation>agent</translation>
    </message>
    <message>
        <source>no connection to the agentmon instance</source>
        <translation>aucune connexion à l&apos;instance agentmon</translation>
    </message>
    <message>
        <source>no agents</source>
        <translation>aucun agent</translation>
    </message>
    <message>
        <source>1 agent, %1</source>
        <translation>1 agent, %1</translation>
    </message>
    <message numerus="yes">
        <source>%n agents, %1</source>
        <translation>
            <numerusform>%n agent, %1</numerusform>
            <numerusform>%n agents, %1</numerusform>
        </translation>
    </message>
    <message>
        <source>1 orphan</source>
        <translation>1 orphelin</translation>
    </message>
    <message numerus="yes">
        <source>%n orphans</source>
        <translation>
            <numerusform>%n orphelin</numerusform>
            <numerusform>%n orphelins</numerusform>
        </translation>
    </message>
    <message>
        <source>1 process</source>
        <translation>1 processus</translation>
    </message>
    <message numerus="yes">
        <source>%n processes</source>
        <translation>
            <numerusform>%n processus</numerusform>
            <numerusform>%n processus</numerusform>
        </translation>
    </message>
    <message>
        <source>1 leaked session (%1, %2)</source>
        <translation>1 session en fuite (%1, %2)</translation>
    </message>
    <message numerus="yes">
        <source>%n leaked sessions (%1, %2)</source>
        <translation>
            <numerusform>%n session en fuite (%1, %2)</numerusform>
            <numerusform>%n sessions en fuite (%1, %2)</numerusform>
        </translation>
    </message>
    <message>
        <source>memory ok</source>
        <translation>mémoire ok</translation>
    </message>
    <message>
        <source>memory warning</source>
        <translation>avertissement mémoire</translation>
    </message>
    <message>
        <source>memory warning: %1</source>
        <translation>avertissement mémoire : %1</translation>
    </message>
    <message>
        <source>memory critical</source>
        <translation>mémoire critique</translation>
    </message>
    <message>
        <source>memory critical: %1</source>
        <translation>mémoire critique : %1</translation>
    </message>
    <message>
        <source>reaper paused</source>
        <translation>nettoyeur suspendu</translation>
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
        <translation>Utilisation : agentmonctl &lt;commande&gt; [options]

Surveiller et nettoyer les processus des agents de codage IA.

Commandes :
  snapshot [--all] [--json]   processus d&apos;agents avec session, classe, statut et mémoire
  reap --once [--dry-run] [--json] [--min-age S] [--grace MS]
                              un passage du nettoyeur sur les agents orphelins, inactifs et périmés
  reap --session ID [--dry-run] [--json] [--grace MS]
                              terminer toute l&apos;arborescence de processus d&apos;une session
  spawn [--session ID] [--wait S] -- CMD [ARGS...]
                              exécuter CMD comme agent supervisé dans un emplacement du pool
  register --pid PID [--session ID]
                              signaler un processus à l&apos;instance en cours (pour les hooks)
  session-end ID              signaler à l&apos;instance en cours qu&apos;une session est terminée (pour les hooks)
  hooks install|uninstall|status [--settings PATH] [--dry-run]
                              ajouter, supprimer ou afficher les hooks d&apos;agentmon dans les paramètres de Claude Code
  hook session-start|session-end
                              ce qu&apos;exécutent ces hooks (le JSON du hook sur stdin ; se termine toujours avec 0)
  daemon [--port N]           exécuter l&apos;instance sans affichage (échantillonneur, pool, API HTTP)
  doctor [--json]             vérifier l&apos;installation et l&apos;instance en cours

Options :
  -h, --help                  afficher cette aide (agentmonctl &lt;commande&gt; --help pour celle d&apos;une commande)
  -v, --version               afficher la version

Codes de sortie : 0 succès, 1 échec, 2 erreur d&apos;utilisation, 3 aucune instance en cours ne répond, 75 aucun emplacement du pool
dans le délai d&apos;attente ; spawn renvoie le code de sortie de CMD (128+N si CMD est mort du signal N).
</translation>
    </message>
    <message>
        <source>unknown command &apos;%1&apos;</source>
        <translation>commande inconnue « %1 »</translation>
    </message>
    <message>
        <source>Run agentmon without a display: sampler, periodic health sweep, slot pool and the HTTP API on 127.0.0.1.</source>
        <translation>Exécuter agentmon sans affichage : échantillonneur, contrôle de santé périodique, pool d&apos;emplacements et API HTTP sur 127.0.0.1.</translation>
    </message>
    <message>
        <source>Listen on port N (default: api/port, 37790).</source>
        <translation>Écouter sur le port N (par défaut : api/port, 37790).</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;</source>
        <translation>argument inattendu « %1 »</translation>
    </message>
    <message>
        <source>--port takes a number from 0 to 65535</source>
        <translation>--port attend un nombre de 0 à 65535</translation>
    </message>
    <message>
        <source>warning: %1</source>
        <translation>avertissement : %1</translation>
    </message>
    <message>
        <source>cannot listen on 127.0.0.1:%1: %2</source>
        <translation>impossible d&apos;écouter sur 127.0.0.1:%1 : %2</translation>
    </message>
    <message>
        <source>warning: cannot write %1</source>
        <translation>avertissement : impossible d&apos;écrire %1</translation>
    </message>
    <message>
        <source>pid %1, listening on 127.0.0.1:%2</source>
        <translation>pid %1, à l&apos;écoute sur 127.0.0.1:%2</translation>
    </message>
    <message>
        <source>%1 is a directory</source>
        <translation>%1 est un répertoire</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>impossible de lire %1 : %2</translation>
    </message>
    <message>
        <source>%1 is larger than 16 MiB; it was left as it is</source>
        <translation>%1 dépasse 16 Mio ; il a été laissé tel quel</translation>
    </message>
    <message>
        <source>cannot write the backup %1: %2</source>
        <translation>impossible d&apos;écrire la sauvegarde %1 : %2</translation>
    </message>
    <message>
        <source>cannot find a free name for the backup of %1</source>
        <translation>impossible de trouver un nom libre pour la sauvegarde de %1</translation>
    </message>
    <message>
        <source>%1 changed while agentmonctl was editing it; nothing was written, try again</source>
        <translation>%1 a changé pendant qu&apos;agentmonctl le modifiait ; rien n&apos;a été écrit, réessayez</translation>
    </message>
    <message>
        <source>cannot make the directory %1</source>
        <translation>impossible de créer le répertoire %1</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>impossible d&apos;écrire %1 : %2</translation>
    </message>
    <message>
        <source>settings: %1</source>
        <translation>paramètres : %1</translation>
    </message>
    <message>
        <source>not installed (no settings file)</source>
        <translation>non installé (pas de fichier de paramètres)</translation>
    </message>
    <message>
        <source>not installed</source>
        <translation>non installé</translation>
    </message>
    <message>
        <source>installed (command %1)</source>
        <translation>installé (commande %1)</translation>
    </message>
    <message>
        <source>warning: the %1 hook runs %2, which does not exist; run `agentmonctl hooks install` to point it at this agentmonctl</source>
        <translation>avertissement : le hook %1 exécute %2, qui n&apos;existe pas ; lancez `agentmonctl hooks install` pour le faire pointer vers cet agentmonctl</translation>
    </message>
    <message>
        <source>note: the %1 hook runs %2, not this agentmonctl (%3)</source>
        <translation>remarque : le hook %1 exécute %2, et non cet agentmonctl (%3)</translation>
    </message>
    <message>
        <source>warning: the %1 hook is installed %2 times; `agentmonctl hooks install` keeps one</source>
        <translation>avertissement : le hook %1 est installé %2 fois ; `agentmonctl hooks install` n&apos;en garde qu&apos;un</translation>
    </message>
    <message>
        <source>warning: &quot;disableAllHooks&quot; is true in %1: Claude Code runs no hooks at all</source>
        <translation>avertissement : &quot;disableAllHooks&quot; vaut true dans %1 : Claude Code n&apos;exécute aucun hook</translation>
    </message>
    <message>
        <source>Usage: agentmonctl hook session-start|session-end

What agentmon&apos;s Claude Code hooks run (see agentmonctl hooks install). Reads the hook&apos;s JSON
on stdin: session-start registers the claude process above the hook under the hook&apos;s
session_id with the running instance, session-end tells it that the session ended. Always
exits 0 and prints nothing on stdout; AGENTMON_HOOK_DEBUG=1 says on stderr what it did.
</source>
        <translation>Utilisation : agentmonctl hook session-start|session-end

Ce qu&apos;exécutent les hooks Claude Code d&apos;agentmon (voir agentmonctl hooks install). Lit le JSON du hook
sur stdin : session-start enregistre le processus claude au-dessus du hook sous le
session_id du hook auprès de l&apos;instance en cours, session-end lui signale que la session est terminée.
Se termine toujours avec 0 et n&apos;écrit rien sur stdout ; AGENTMON_HOOK_DEBUG=1 indique sur stderr ce qu&apos;il a fait.
</translation>
    </message>
    <message>
        <source>Add agentmon&apos;s hooks to Claude Code&apos;s settings.json (install), remove them (uninstall) or show them (status). SessionStart registers each session with the running instance, SessionEnd ends it.
Only agentmon&apos;s entries are touched: every other byte of the file stays as it was, and a backup (settings.json.agentmon-backup-&lt;time&gt;) is written before any change.</source>
        <translation>Ajouter les hooks d&apos;agentmon au settings.json de Claude Code (install), les supprimer (uninstall) ou les afficher (status). SessionStart enregistre chaque session auprès de l&apos;instance en cours, SessionEnd la termine.
Seules les entrées d&apos;agentmon sont touchées : chaque autre octet du fichier reste tel quel, et une sauvegarde (settings.json.agentmon-backup-&lt;time&gt;) est écrite avant toute modification.</translation>
    </message>
    <message>
        <source>Add the hooks, remove them, or show what is installed.</source>
        <translation>Ajouter les hooks, les supprimer, ou afficher ce qui est installé.</translation>
    </message>
    <message>
        <source>The settings file (default: $CLAUDE_CONFIG_DIR/settings.json, or ~/.claude/settings.json).</source>
        <translation>Le fichier de paramètres (par défaut : $CLAUDE_CONFIG_DIR/settings.json, ou ~/.claude/settings.json).</translation>
    </message>
    <message>
        <source>Print the change as a diff on stdout; write nothing.</source>
        <translation>Afficher la modification sous forme de diff sur stdout ; ne rien écrire.</translation>
    </message>
    <message>
        <source>usage: agentmonctl hooks install|uninstall|status [--settings PATH] [--dry-run]</source>
        <translation>utilisation : agentmonctl hooks install|uninstall|status [--settings PATH] [--dry-run]</translation>
    </message>
    <message>
        <source>no settings file %1; nothing to remove</source>
        <translation>pas de fichier de paramètres %1 ; rien à supprimer</translation>
    </message>
    <message>
        <source>; the file was left as it is</source>
        <translation>; le fichier a été laissé tel quel</translation>
    </message>
    <message>
        <source>would add (command %1)</source>
        <translation>ajouterait (commande %1)</translation>
    </message>
    <message>
        <source>added (command %1)</source>
        <translation>ajouté (commande %1)</translation>
    </message>
    <message>
        <source>would update (command %1, was %2)</source>
        <translation>mettrait à jour (commande %1, auparavant %2)</translation>
    </message>
    <message>
        <source>updated (command %1, was %2)</source>
        <translation>mis à jour (commande %1, auparavant %2)</translation>
    </message>
    <message>
        <source>would remove</source>
        <translation>supprimerait</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>supprimé</translation>
    </message>
    <message>
        <source>already installed (command %1)</source>
        <translation>déjà installé (commande %1)</translation>
    </message>
    <message>
        <source>agentmon&apos;s hooks are already installed in %1; nothing changed</source>
        <translation>les hooks d&apos;agentmon sont déjà installés dans %1 ; rien n&apos;a changé</translation>
    </message>
    <message>
        <source>agentmon&apos;s hooks are not installed in %1; nothing changed</source>
        <translation>les hooks d&apos;agentmon ne sont pas installés dans %1 ; rien n&apos;a changé</translation>
    </message>
    <message>
        <source>dry run: nothing was written</source>
        <translation>simulation : rien n&apos;a été écrit</translation>
    </message>
    <message>
        <source>wrote %1 (the previous version is in %2)</source>
        <translation>%1 écrit (la version précédente est dans %2)</translation>
    </message>
    <message>
        <source>created %1</source>
        <translation>%1 créé</translation>
    </message>
    <message>
        <source>Tell the running instance about an agent process (for hooks).</source>
        <translation>Signaler un processus d&apos;agent à l&apos;instance en cours (pour les hooks).</translation>
    </message>
    <message>
        <source>The process to track.</source>
        <translation>Le processus à suivre.</translation>
    </message>
    <message>
        <source>Its session id.</source>
        <translation>Son ID de session.</translation>
    </message>
    <message>
        <source>usage: agentmonctl register --pid PID [--session ID]</source>
        <translation>utilisation : agentmonctl register --pid PID [--session ID]</translation>
    </message>
    <message>
        <source>registered pid %1 (%2) in session %3</source>
        <translation>pid %1 (%2) enregistré dans la session %3</translation>
    </message>
    <message>
        <source>Tell the running instance that a session ended (for hooks).</source>
        <translation>Signaler à l&apos;instance en cours qu&apos;une session est terminée (pour les hooks).</translation>
    </message>
    <message>
        <source>The session id.</source>
        <translation>L&apos;ID de session.</translation>
    </message>
    <message>
        <source>usage: agentmonctl session-end ID</source>
        <translation>utilisation : agentmonctl session-end ID</translation>
    </message>
    <message>
        <source>session %1 ended</source>
        <translation>session %1 terminée</translation>
    </message>
    <message>
        <source>Check the installation and the running instance.</source>
        <translation>Vérifier l&apos;installation et l&apos;instance en cours.</translation>
    </message>
    <message>
        <source>Print one JSON object.</source>
        <translation>Afficher un seul objet JSON.</translation>
    </message>
    <message>
        <source>instance: running</source>
        <translation>instance : en cours</translation>
    </message>
    <message>
        <source>instance: not running (%1)</source>
        <translation>instance : non démarrée (%1)</translation>
    </message>
    <message>
        <source>rules: %1 built-in, %2 from %3</source>
        <translation>règles : %1 intégrées, %2 de %3</translation>
    </message>
    <message>
        <source>no problems found</source>
        <translation>aucun problème trouvé</translation>
    </message>
    <message>
        <source>problem: %1</source>
        <translation>problème : %1</translation>
    </message>
    <message>
        <source>fix: %1</source>
        <translation>correctif : %1</translation>
    </message>
    <message>
        <source>warning: the kill audit log is unavailable: %1</source>
        <translation>avertissement : le journal d&apos;audit des arrêts est indisponible : %1</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>SESSION</source>
        <translation>SESSION</translation>
    </message>
    <message>
        <source>CLASS</source>
        <translation>CLASSE</translation>
    </message>
    <message>
        <source>STATUS</source>
        <translation>STATUT</translation>
    </message>
    <message>
        <source>RSS</source>
        <translation>RSS</translation>
    </message>
    <message>
        <source>OUTCOME</source>
        <translation>RÉSULTAT</translation>
    </message>
    <message>
        <source>COMMAND</source>
        <translation>COMMANDE</translation>
    </message>
    <message>
        <source>REASON</source>
        <translation>RAISON</translation>
    </message>
    <message>
        <source>would signal</source>
        <translation>enverrait un signal</translation>
    </message>
    <message>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <source>skipped:
</source>
        <translation>ignorés :
</translation>
    </message>
    <message>
        <source>End leaked agent processes: one reaper pass (--once) or one session&apos;s whole tree (--session ID). SIGTERM, grace, SIGKILL, confirmed.</source>
        <translation>Terminer les processus d&apos;agents en fuite : un passage du nettoyeur (--once) ou toute l&apos;arborescence d&apos;une session (--session ID). SIGTERM, délai de grâce, SIGKILL, confirmé.</translation>
    </message>
    <message>
        <source>One reaper pass over orphaned, idle and stale agents.</source>
        <translation>Un passage du nettoyeur sur les agents orphelins, inactifs et périmés.</translation>
    </message>
    <message>
        <source>Reap this session&apos;s whole tree.</source>
        <translation>Nettoyer toute l&apos;arborescence de cette session.</translation>
    </message>
    <message>
        <source>Show what would be signalled; signal nothing.</source>
        <translation>Afficher ce qui recevrait un signal ; n&apos;envoyer aucun signal.</translation>
    </message>
    <message>
        <source>Print the reap report as one JSON object.</source>
        <translation>Afficher le rapport de nettoyage sous forme d&apos;un seul objet JSON.</translation>
    </message>
    <message>
        <source>With --once: take nothing younger than S seconds (default 120).</source>
        <translation>Avec --once : ne rien prendre de plus jeune que S secondes (par défaut 120).</translation>
    </message>
    <message>
        <source>Milliseconds between SIGTERM and SIGKILL (default 5000).</source>
        <translation>Millisecondes entre SIGTERM et SIGKILL (par défaut 5000).</translation>
    </message>
    <message>
        <source>usage: agentmonctl reap --once [--dry-run] [--json] [--min-age S] [--grace MS]
                         agentmonctl reap --session ID [--dry-run] [--json] [--grace MS]</source>
        <translation>utilisation : agentmonctl reap --once [--dry-run] [--json] [--min-age S] [--grace MS]
                         agentmonctl reap --session ID [--dry-run] [--json] [--grace MS]</translation>
    </message>
    <message>
        <source>--min-age goes with --once</source>
        <translation>--min-age va avec --once</translation>
    </message>
    <message>
        <source>--min-age takes a number of seconds</source>
        <translation>--min-age attend un nombre de secondes</translation>
    </message>
    <message>
        <source>--grace takes milliseconds from 0 to 600000</source>
        <translation>--grace attend des millisecondes de 0 à 600000</translation>
    </message>
    <message>
        <source>CPU%</source>
        <translation>CPU%</translation>
    </message>
    <message>
        <source>AGE</source>
        <translation>ÂGE</translation>
    </message>
    <message>
        <source>No agent processes.
</source>
        <translation>Aucun processus d&apos;agent.
</translation>
    </message>
    <message>
        <source>%1 agent process(es) in %2 session(s), %3 RSS; %4 orphan(s); %5 ended session(s) with leftovers
</source>
        <translation>%1 processus d&apos;agent(s) dans %2 session(s), %3 RSS ; %4 orphelin(s) ; %5 session(s) terminée(s) avec des restes
</translation>
    </message>
    <message>
        <source>memory: %1 available of %2</source>
        <translation>mémoire : %1 disponibles sur %2</translation>
    </message>
    <message>
        <source>, swap %1% used</source>
        <translation>, swap utilisé à %1%</translation>
    </message>
    <message>
        <source>, PSI some %1% full %2% (avg10)</source>
        <translation>, PSI some %1% full %2% (avg10)</translation>
    </message>
    <message>
        <source>; %1 zombie(s)
</source>
        <translation>; %1 zombie(s)
</translation>
    </message>
    <message>
        <source>(from the running instance)
</source>
        <translation>(depuis l&apos;instance en cours)
</translation>
    </message>
    <message>
        <source>Show agent processes with session, class, status and memory.</source>
        <translation>Afficher les processus d&apos;agents avec session, classe, statut et mémoire.</translation>
    </message>
    <message>
        <source>Show every process, not only agents.</source>
        <translation>Afficher tous les processus, pas seulement les agents.</translation>
    </message>
    <message>
        <source>Print one JSON array of process objects.</source>
        <translation>Afficher un seul tableau JSON d&apos;objets processus.</translation>
    </message>
    <message>
        <source>Run CMD as a supervised agent: wait for a pool slot of the running instance, pass stdio, signals and the exit code through, and end whatever CMD leaves behind.</source>
        <translation>Exécuter CMD comme agent supervisé : attendre un emplacement du pool de l&apos;instance en cours, transmettre stdio, les signaux et le code de sortie, et terminer tout ce que CMD laisse derrière lui.</translation>
    </message>
    <message>
        <source>Session id of the agent.</source>
        <translation>ID de session de l&apos;agent.</translation>
    </message>
    <message>
        <source>Wait at most S seconds for a pool slot (default: pool/waitTimeoutSeconds).</source>
        <translation>Attendre au plus S secondes un emplacement du pool (par défaut : pool/waitTimeoutSeconds).</translation>
    </message>
    <message>
        <source>The command to run, after --.</source>
        <translation>La commande à exécuter, après --.</translation>
    </message>
    <message>
        <source>no command given (agentmonctl spawn [--session ID] [--wait S] -- CMD [ARGS...])</source>
        <translation>aucune commande indiquée (agentmonctl spawn [--session ID] [--wait S] -- CMD [ARGS...])</translation>
    </message>
    <message>
        <source>--wait takes a number of seconds</source>
        <translation>--wait attend un nombre de secondes</translation>
    </message>
    <message>
        <source>interrupted while waiting for a pool slot</source>
        <translation>interrompu pendant l&apos;attente d&apos;un emplacement du pool</translation>
    </message>
    <message>
        <source>the instance refused a pool slot: %1</source>
        <translation>l&apos;instance a refusé un emplacement du pool : %1</translation>
    </message>
    <message>
        <source>warning: %1; no pool limit applies</source>
        <translation>avertissement : %1 ; aucune limite de pool ne s&apos;applique</translation>
    </message>
    <message>
        <source>warning: could not register pid %1: %2</source>
        <translation>avertissement : impossible d&apos;enregistrer le pid %1 : %2</translation>
    </message>
    <message numerus="yes">
        <source>ended %n process(es) left behind by %1</source>
        <translation>
            <numerusform>%n processus laissé par %1 terminé</numerusform>
            <numerusform>%n processus laissés par %1 terminés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n survived (state %1)</source>
        <translation>
            <numerusform>%n a survécu (état %1)</numerusform>
            <numerusform>%n ont survécu (état %1)</numerusform>
        </translation>
    </message>
</context>
</TS>
