#include "hooksettings.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <optional>
#include <utility>
#include <vector>

namespace agentmon {

namespace {

// ---- A JSON scanner that keeps byte spans -------------------------------------------------------------
//
// QJsonDocument says whether the text is valid JSON; this scanner says where each value is. It runs only on
// text QJsonDocument accepted, but checks everything anyway and fails rather than guess.

struct Node {
    enum class Type { Object, Array, String, Scalar };
    Type type = Type::Scalar;
    qsizetype begin = 0; // [begin, end) of the value
    qsizetype end = 0;
    qsizetype keyBegin = -1; // members of an object: [keyBegin, keyEnd) of the key's string
    qsizetype keyEnd = -1;
    QString key;                // decoded
    QString string;             // decoded, for strings
    std::vector<Node> children; // members of an object (with their key), elements of an array

    qsizetype start() const { return keyBegin >= 0 ? keyBegin : begin; }
    // The last member with that key (JSON.parse, which Claude Code uses, keeps the last of duplicates).
    const Node *member(QStringView name) const
    {
        for (auto it = children.rbegin(); it != children.rend(); ++it) {
            if (it->key == name)
                return &*it;
        }
        return nullptr;
    }
    int memberIndex(QStringView name) const
    {
        for (int i = int(children.size()) - 1; i >= 0; --i) {
            if (children[size_t(i)].key == name)
                return i;
        }
        return -1;
    }
};

constexpr int MaxDepth = 512;

class Scanner {
public:
    explicit Scanner(const QByteArray &text) : m_text(text) {}

    std::optional<Node> parse()
    {
        if (m_text.startsWith("\xEF\xBB\xBF"))
            m_pos = 3;
        Node root;
        if (!value(root, 0))
            return std::nullopt;
        skipSpace();
        if (m_pos != m_text.size())
            return std::nullopt;
        return root;
    }

private:
    char peek() const { return m_pos < m_text.size() ? m_text.at(m_pos) : '\0'; }
    void skipSpace()
    {
        while (m_pos < m_text.size()) {
            const char c = m_text.at(m_pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                break;
            ++m_pos;
        }
    }

    bool value(Node &node, int depth)
    {
        if (depth > MaxDepth)
            return false;
        skipSpace();
        node.begin = m_pos;
        const char c = peek();
        if (c == '{' || c == '[') {
            const bool object = c == '{';
            const char close = object ? '}' : ']';
            node.type = object ? Node::Type::Object : Node::Type::Array;
            ++m_pos;
            skipSpace();
            if (peek() == close) {
                node.end = ++m_pos;
                return true;
            }
            for (;;) {
                Node child;
                if (object) {
                    skipSpace();
                    child.keyBegin = m_pos;
                    if (!string(&child.key))
                        return false;
                    child.keyEnd = m_pos;
                    skipSpace();
                    if (peek() != ':')
                        return false;
                    ++m_pos;
                }
                if (!value(child, depth + 1))
                    return false;
                node.children.push_back(std::move(child));
                skipSpace();
                if (peek() == ',') {
                    ++m_pos;
                    continue;
                }
                if (peek() != close)
                    return false;
                node.end = ++m_pos;
                return true;
            }
        }
        if (c == '"') {
            node.type = Node::Type::String;
            if (!string(&node.string))
                return false;
            node.end = m_pos;
            return true;
        }
        node.type = Node::Type::Scalar;
        while (m_pos < m_text.size()) {
            const char s = m_text.at(m_pos);
            if (!((s >= '0' && s <= '9') || (s >= 'a' && s <= 'z') || s == '-' || s == '+' || s == '.' ||
                  s == 'E'))
                break;
            ++m_pos;
        }
        node.end = m_pos;
        return node.end > node.begin;
    }

    static int hexValue(char c)
    {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    }

    bool string(QString *out)
    {
        if (peek() != '"')
            return false;
        ++m_pos;
        for (;;) {
            const qsizetype runStart = m_pos;
            while (m_pos < m_text.size()) {
                const auto c = static_cast<unsigned char>(m_text.at(m_pos));
                if (c == '"' || c == '\\' || c < 0x20)
                    break;
                ++m_pos;
            }
            out->append(QString::fromUtf8(m_text.constData() + runStart, m_pos - runStart));
            if (m_pos >= m_text.size())
                return false;
            const char c = m_text.at(m_pos);
            if (c == '"') {
                ++m_pos;
                return true;
            }
            if (c != '\\')
                return false; // a raw control character
            if (m_pos + 1 >= m_text.size())
                return false;
            const char e = m_text.at(m_pos + 1);
            m_pos += 2;
            switch (e) {
            case '"':
            case '\\':
            case '/':
                out->append(QLatin1Char(e));
                break;
            case 'b':
                out->append(QLatin1Char('\b'));
                break;
            case 'f':
                out->append(QLatin1Char('\f'));
                break;
            case 'n':
                out->append(QLatin1Char('\n'));
                break;
            case 'r':
                out->append(QLatin1Char('\r'));
                break;
            case 't':
                out->append(QLatin1Char('\t'));
                break;
            case 'u': {
                if (m_pos + 4 > m_text.size())
                    return false;
                int code = 0;
                for (int i = 0; i < 4; ++i) {
                    const int h = hexValue(m_text.at(m_pos + i));
                    if (h < 0)
                        return false;
                    code = code * 16 + h;
                }
                m_pos += 4;
                out->append(QChar(char16_t(code))); // surrogate halves pair up in UTF-16
                break;
            }
            default:
                return false;
            }
        }
    }

    const QByteArray &m_text;
    qsizetype m_pos = 0;
};

// ---- The file's style -----------------------------------------------------------------------------------

struct Style {
    bool multiline = true;
    QByteArray newline = "\n";
    QByteArray unit = "  "; // one level of indentation
    QByteArray colon = ": ";
    QByteArray comma = ", "; // between members on one line
};

// The spaces and tabs that start the line pos is on.
QByteArray lineIndent(const QByteArray &text, qsizetype pos)
{
    qsizetype lineStart = pos;
    while (lineStart > 0 && text.at(lineStart - 1) != '\n')
        --lineStart;
    qsizetype end = lineStart;
    while (end < text.size() && (text.at(end) == ' ' || text.at(end) == '\t'))
        ++end;
    return text.mid(lineStart, end - lineStart);
}

bool isBlank(QByteArrayView bytes)
{
    for (const char c : bytes) {
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            return false;
    }
    return true;
}

// The indent unit: the first container whose first child starts a new line tells it.
bool findUnit(const QByteArray &text, const Node &node, QByteArray *unit)
{
    if (node.type != Node::Type::Object && node.type != Node::Type::Array)
        return false;
    if (!node.children.empty()) {
        const qsizetype first = node.children.front().start();
        if (text.mid(node.begin + 1, first - node.begin - 1).contains('\n')) {
            const QByteArray outer = lineIndent(text, node.begin);
            const QByteArray inner = lineIndent(text, first);
            if (inner.size() > outer.size() && inner.startsWith(outer)) {
                *unit = inner.mid(outer.size());
                return true;
            }
        }
    }
    for (const Node &child : node.children) {
        if (findUnit(text, child, unit))
            return true;
    }
    return false;
}

// How keys meet their values, and members their neighbours on one line: from the first example found.
void findSeparators(const QByteArray &text, const Node &node, Style *style, bool *colonFound,
                    bool *commaFound)
{
    if (node.type == Node::Type::Object) {
        for (size_t i = 0; i < node.children.size(); ++i) {
            const Node &child = node.children[i];
            if (!*colonFound) {
                const QByteArray between = text.mid(child.keyEnd, child.begin - child.keyEnd);
                if (!between.contains('\n') && !between.contains('\r')) {
                    style->colon = between;
                    *colonFound = true;
                }
            }
            if (!*commaFound && i + 1 < node.children.size()) {
                const qsizetype next = node.children[i + 1].start();
                const QByteArray between = text.mid(child.end, next - child.end);
                if (!between.contains('\n') && !between.contains('\r')) {
                    style->comma = between;
                    *commaFound = true;
                }
            }
        }
    }
    for (const Node &child : node.children) {
        if (*colonFound && *commaFound)
            return;
        findSeparators(text, child, style, colonFound, commaFound);
    }
}

Style styleOf(const QByteArray &text, const Node &root)
{
    Style style;
    style.multiline = text.mid(root.begin, root.end - root.begin).contains('\n');
    style.newline = text.contains("\r\n") ? QByteArray("\r\n") : QByteArray("\n");
    QByteArray unit;
    if (findUnit(text, root, &unit))
        style.unit = unit;
    bool colonFound = false;
    bool commaFound = false;
    findSeparators(text, root, &style, &colonFound, &commaFound);
    if (!colonFound)
        style.colon = ": ";
    if (!commaFound)
        style.comma = style.colon.endsWith(' ') ? QByteArray(", ") : QByteArray(",");
    return style;
}

// ---- New values, written in the file's style -------------------------------------------------------------

struct Value {
    enum class Kind { Raw, Object, Array };
    Kind kind = Kind::Raw;
    QString key; // when a member of an object
    QByteArray raw;
    std::vector<Value> children;
};

QByteArray jsonString(const QString &text)
{
    QByteArray out = "\"";
    qsizetype run = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (c != u'"' && c != u'\\' && c >= 0x20)
            continue;
        out += QStringView(text).mid(run, i - run).toUtf8();
        run = i + 1;
        switch (c) {
        case u'"':
            out += "\\\"";
            break;
        case u'\\':
            out += "\\\\";
            break;
        case u'\n':
            out += "\\n";
            break;
        case u'\r':
            out += "\\r";
            break;
        case u'\t':
            out += "\\t";
            break;
        case u'\b':
            out += "\\b";
            break;
        case u'\f':
            out += "\\f";
            break;
        default:
            out += "\\u00" + QByteArray::number(int(c), 16).rightJustified(2, '0');
            break;
        }
    }
    out += QStringView(text).mid(run).toUtf8();
    return out + '"';
}

QByteArray render(const Value &value, const QByteArray &indent, const Style &style);

QByteArray renderMember(const Value &value, const QByteArray &indent, const Style &style)
{
    QByteArray out;
    if (!value.key.isEmpty())
        out += jsonString(value.key) + style.colon;
    return out + render(value, indent, style);
}

QByteArray render(const Value &value, const QByteArray &indent, const Style &style)
{
    if (value.kind == Value::Kind::Raw)
        return value.raw;
    const char open = value.kind == Value::Kind::Object ? '{' : '[';
    const char close = value.kind == Value::Kind::Object ? '}' : ']';
    QByteArray out(1, open);
    if (value.children.empty())
        return out + close;
    const QByteArray inner = indent + style.unit;
    for (size_t i = 0; i < value.children.size(); ++i) {
        if (style.multiline)
            out += (i > 0 ? "," : "") + style.newline + inner + renderMember(value.children[i], inner, style);
        else
            out += (i > 0 ? style.comma : QByteArray()) + renderMember(value.children[i], indent, style);
    }
    if (style.multiline)
        out += style.newline + indent;
    return out + close;
}

Value raw(const QString &key, const QByteArray &bytes)
{
    Value v;
    v.key = key;
    v.raw = bytes;
    return v;
}

Value container(Value::Kind kind, const QString &key = {}, std::vector<Value> children = {})
{
    Value v;
    v.kind = kind;
    v.key = key;
    v.children = std::move(children);
    return v;
}

// {"hooks": [{"type": "command", "command": ..., "timeout": 10}]}: a matcher group without a matcher (every
// source of the event).
Value hookGroup(const QString &command)
{
    Value hook = container(
        Value::Kind::Object, {},
        {raw(QStringLiteral("type"), "\"command\""), raw(QStringLiteral("command"), jsonString(command)),
         raw(QStringLiteral("timeout"), QByteArray::number(HookSettings::TimeoutSeconds))});
    return container(Value::Kind::Object, {},
                     {container(Value::Kind::Array, QStringLiteral("hooks"), {std::move(hook)})});
}

// ---- Edits
// ---------------------------------------------------------------------------------------------------

// Replace [begin, end) with replacement.
struct Span {
    qsizetype begin = 0;
    qsizetype end = 0;
    QByteArray replacement;
};

QByteArray apply(const QByteArray &text, const Span &span)
{
    return text.left(span.begin) + span.replacement + text.mid(span.end);
}

// Appends child to an object or array, after its last child and in its layout.
Span insertChild(const QByteArray &text, const Node &parent, const Value &child, const Style &style)
{
    if (!parent.children.empty()) {
        const Node &first = parent.children.front();
        const Node &last = parent.children.back();
        if (text.mid(parent.begin + 1, first.start() - parent.begin - 1).contains('\n')) {
            const QByteArray indent = lineIndent(text, first.start());
            Style nested = style;
            nested.multiline = true;
            return {last.end, last.end, ',' + style.newline + indent + renderMember(child, indent, nested)};
        }
        // Members on one line: the same separator as theirs.
        Style flat = style;
        flat.multiline = false;
        QByteArray comma = style.comma;
        if (parent.children.size() >= 2) {
            const Node &second = parent.children[1];
            const QByteArray between = text.mid(first.end, second.start() - first.end);
            if (!between.contains('\n'))
                comma = between;
        }
        return {last.end, last.end, comma + renderMember(child, {}, flat)};
    }
    if (style.multiline) {
        const QByteArray indent = lineIndent(text, parent.begin);
        const QByteArray inner = indent + style.unit;
        return {parent.begin + 1, parent.end - 1,
                style.newline + inner + renderMember(child, inner, style) + style.newline + indent};
    }
    return {parent.begin + 1, parent.end - 1, renderMember(child, {}, style)};
}

// Removes child index of an object or array with the separator that insertChild() would have added, so that
// removing what was inserted gives back the bytes from before.
Span removeChild(const Node &parent, size_t index)
{
    const std::vector<Node> &c = parent.children;
    if (c.size() == 1)
        return {parent.begin + 1, parent.end - 1, {}};
    if (index + 1 == c.size())
        return {c[index - 1].end, c[index].end, {}};
    return {c[index].start(), c[index + 1].start(), {}};
}

Span replaceValue(const Node &node, const QByteArray &bytes)
{
    return {node.begin, node.end, bytes};
}

// ---- Finding agentmon's hooks
// --------------------------------------------------------------------------------

std::pair<qsizetype, qsizetype> lineColumn(const QByteArray &text, qsizetype offset)
{
    offset = qBound<qsizetype>(0, offset, text.size());
    const qsizetype lastNewline = text.lastIndexOf('\n', offset - 1);
    return {text.left(offset).count('\n') + 1, offset - lastNewline};
}

QString where(const QByteArray &text, qsizetype offset)
{
    const auto [line, column] = lineColumn(text, offset);
    return QStringLiteral("line %1, column %2").arg(line).arg(column);
}

struct Located {
    Node root;
    const Node *hooks = nullptr;
    std::array<const Node *, 2> events{};
};

bool locate(const QByteArray &text, Located *at, QString *error)
{
    QJsonParseError parseError{};
    (void)QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("not valid JSON: %1 at %2 (offset %3)")
                     .arg(parseError.errorString(), where(text, parseError.offset))
                     .arg(parseError.offset);
        return false;
    }
    std::optional<Node> root = Scanner(text).parse();
    if (!root) {
        *error = QStringLiteral("not JSON that agentmon can edit");
        return false;
    }
    at->root = std::move(*root);
    if (at->root.type != Node::Type::Object) {
        *error = QStringLiteral("the top level is not an object");
        return false;
    }
    at->hooks = at->root.member(u"hooks");
    if (at->hooks && at->hooks->type != Node::Type::Object) {
        *error = QStringLiteral("\"hooks\" is not an object (%1)").arg(where(text, at->hooks->begin));
        return false;
    }
    for (size_t i = 0; i < HookSettings::Events.size(); ++i) {
        const QString key = HookSettings::eventKey(HookSettings::Events[i]);
        at->events[i] = at->hooks ? at->hooks->member(key) : nullptr;
        if (at->events[i] && at->events[i]->type != Node::Type::Array) {
            *error = QStringLiteral("\"hooks\".\"%1\" is not an array (%2)")
                         .arg(key, where(text, at->events[i]->begin));
            return false;
        }
    }
    return true;
}

struct Ours {
    size_t group = 0;            // index in the event's array
    size_t hook = 0;             // index in the group's "hooks"
    bool wholeGroup = false;     // the group holds nothing but agentmon's hooks
    const Node *hooks = nullptr; // the group's "hooks" array
    const Node *command = nullptr;
};

std::vector<Ours> findOurs(const Node &eventArray, HookSettings::Event event)
{
    std::vector<Ours> found;
    for (size_t g = 0; g < eventArray.children.size(); ++g) {
        const Node &group = eventArray.children[g];
        const Node *hooks = group.type == Node::Type::Object ? group.member(u"hooks") : nullptr;
        if (!hooks || hooks->type != Node::Type::Array)
            continue;
        const size_t before = found.size();
        bool onlyOurs = true;
        for (size_t h = 0; h < hooks->children.size(); ++h) {
            const Node &hook = hooks->children[h];
            const Node *command = hook.type == Node::Type::Object ? hook.member(u"command") : nullptr;
            if (command && command->type == Node::Type::String &&
                HookSettings::isAgentmonCommand(command->string, event))
                found.push_back({g, h, false, hooks, command});
            else
                onlyOurs = false;
        }
        for (size_t i = before; i < found.size(); ++i)
            found[i].wholeGroup = onlyOurs;
    }
    return found;
}

// sh words (quotes and backslashes removed), enough to see what a hook command runs.
QStringList shellWords(const QString &command)
{
    QStringList words;
    QString word;
    bool inWord = false;
    const qsizetype n = command.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = command.at(i);
        if (c == u'\'') {
            inWord = true;
            const qsizetype close = command.indexOf(u'\'', i + 1);
            if (close < 0) {
                word += command.mid(i + 1);
                break;
            }
            word += command.mid(i + 1, close - i - 1);
            i = close;
        } else if (c == u'"') {
            inWord = true;
            for (++i; i < n && command.at(i) != u'"'; ++i) {
                if (command.at(i) == u'\\' && i + 1 < n && QStringView(u"\"\\$`").contains(command.at(i + 1)))
                    ++i;
                word += command.at(i);
            }
        } else if (c == u'\\' && i + 1 < n) {
            inWord = true;
            word += command.at(++i);
        } else if (c.isSpace()) {
            if (inWord)
                words.append(word);
            word.clear();
            inWord = false;
        } else {
            inWord = true;
            word += c;
        }
    }
    if (inWord)
        words.append(word);
    return words;
}

} // namespace

QString HookSettings::eventKey(Event event)
{
    return event == Event::SessionStart ? QStringLiteral("SessionStart") : QStringLiteral("SessionEnd");
}

QString HookSettings::eventArgument(Event event)
{
    return event == Event::SessionStart ? QStringLiteral("session-start") : QStringLiteral("session-end");
}

QString HookSettings::shellQuote(const QString &text)
{
    if (text.isEmpty())
        return QStringLiteral("''");
    bool plain = true;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (!((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
              QStringView(u"_@%+=:,./-").contains(c))) {
            plain = false;
            break;
        }
    }
    if (plain)
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString HookSettings::commandFor(const QString &agentmonctl, Event event)
{
    return shellQuote(agentmonctl) + QStringLiteral(" hook ") + eventArgument(event);
}

bool HookSettings::isAgentmonCommand(const QString &command, Event event)
{
    if (!command.contains(QLatin1String("agentmonctl")))
        return false;
    const QStringList words = shellWords(command);
    return words.size() >= 3 && words.at(words.size() - 2) == QLatin1String("hook") &&
           words.last() == eventArgument(event);
}

QString HookSettings::programOf(const QString &command)
{
    const QStringList words = shellWords(command);
    if (words.size() >= 3 && words.at(words.size() - 2) == QLatin1String("hook"))
        return words.at(words.size() - 3);
    return words.value(0);
}

HookSettings::Edit HookSettings::install(const QByteArray &input, const QString &agentmonctl)
{
    Edit edit;
    // A file that does not exist yet (or holds nothing): start from an empty object laid out on lines.
    QByteArray text = isBlank(input) ? QByteArray("{\n}\n") : input;
    for (int round = 0;; ++round) {
        Located at;
        QString error;
        if (!locate(text, &at, &error)) {
            edit.error =
                round == 0 ? error : QStringLiteral("internal error: an edit broke the JSON (%1)").arg(error);
            return edit;
        }
        if (round > 16) {
            edit.error = QStringLiteral("internal error: the edits do not converge");
            return edit;
        }
        const Style style = styleOf(text, at.root);
        std::optional<Span> span;
        if (!at.hooks)
            span = insertChild(text, at.root, container(Value::Kind::Object, QStringLiteral("hooks")), style);
        for (size_t i = 0; !span && i < Events.size(); ++i) {
            if (!at.events[i])
                span =
                    insertChild(text, *at.hooks, container(Value::Kind::Array, eventKey(Events[i])), style);
        }
        for (size_t i = 0; !span && i < Events.size(); ++i) {
            const QString want = commandFor(agentmonctl, Events[i]);
            const std::vector<Ours> ours = findOurs(*at.events[i], Events[i]);
            if (ours.empty()) {
                span = insertChild(text, *at.events[i], hookGroup(want), style);
                edit.changes[i] = Change::Added;
            } else if (ours.front().command->string != want) {
                edit.previous[i] = ours.front().command->string;
                span = replaceValue(*ours.front().command, jsonString(want));
                edit.changes[i] = Change::Updated;
            } else if (ours.size() > 1) {
                // A second copy: dropped (its group with it when the group holds nothing else).
                const Ours &extra = ours[1];
                span = extra.wholeGroup && extra.group != ours.front().group
                           ? removeChild(*at.events[i], extra.group)
                           : removeChild(*extra.hooks, extra.hook);
                if (edit.changes[i] == Change::None)
                    edit.changes[i] = Change::Updated;
            }
        }
        if (!span)
            break;
        text = apply(text, *span);
    }
    edit.ok = true;
    edit.changed = text != input;
    edit.text = edit.changed ? text : input;
    return edit;
}

HookSettings::Edit HookSettings::uninstall(const QByteArray &input)
{
    Edit edit;
    edit.text = input;
    if (isBlank(input)) {
        edit.ok = true;
        return edit;
    }
    QByteArray text = input;
    for (int round = 0;; ++round) {
        Located at;
        QString error;
        if (!locate(text, &at, &error)) {
            edit.error =
                round == 0 ? error : QStringLiteral("internal error: an edit broke the JSON (%1)").arg(error);
            return edit;
        }
        if (round > 4096) {
            edit.error = QStringLiteral("internal error: the edits do not converge");
            return edit;
        }
        if (!at.hooks)
            break;
        std::optional<Span> span;
        for (size_t i = 0; !span && i < Events.size(); ++i) {
            if (!at.events[i])
                continue;
            const std::vector<Ours> ours = findOurs(*at.events[i], Events[i]);
            if (!ours.empty()) {
                const Ours &first = ours.front();
                span = first.wholeGroup ? removeChild(*at.events[i], first.group)
                                        : removeChild(*first.hooks, first.hook);
                edit.changes[i] = Change::Removed;
            } else if (edit.changes[i] == Change::Removed && at.events[i]->children.empty()) {
                span = removeChild(*at.hooks, size_t(at.hooks->memberIndex(eventKey(Events[i]))));
            }
        }
        if (!span)
            break;
        text = apply(text, *span);
    }
    edit.ok = true;
    edit.changed = text != input;
    edit.text = text;
    return edit;
}

HookSettings::Status HookSettings::status(const QByteArray &text)
{
    Status status;
    if (isBlank(text)) {
        status.ok = true;
        return status;
    }
    Located at;
    if (!locate(text, &at, &status.error))
        return status;
    for (size_t i = 0; i < Events.size(); ++i) {
        if (!at.events[i])
            continue;
        for (const Ours &ours : findOurs(*at.events[i], Events[i]))
            status.commands[i].append(ours.command->string);
    }
    status.ok = true;
    return status;
}

QByteArray HookSettings::unifiedDiff(const QByteArray &before, const QByteArray &after,
                                     const QString &fromLabel, const QString &toLabel, int context)
{
    if (before == after)
        return {};
    // Lines with their line end, so that a last line without one differs from the same line with one.
    auto lines = [](const QByteArray &text) {
        QList<QByteArray> out;
        qsizetype start = 0;
        while (start < text.size()) {
            const qsizetype nl = text.indexOf('\n', start);
            const qsizetype end = nl < 0 ? text.size() : nl + 1;
            out.append(text.mid(start, end - start));
            start = end;
        }
        return out;
    };
    const QList<QByteArray> a = lines(before);
    const QList<QByteArray> b = lines(after);
    qsizetype prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix])
        ++prefix;
    qsizetype suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
           a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
        ++suffix;
    const qsizetype from = qMax<qsizetype>(0, prefix - context);
    const qsizetype after_ = qMin<qsizetype>(context, suffix);
    const qsizetype aEnd = a.size() - suffix + after_;
    const qsizetype bEnd = b.size() - suffix + after_;
    auto range = [from](qsizetype end) {
        const qsizetype count = end - from;
        return QByteArray::number(count == 0 ? from : from + 1) + ',' + QByteArray::number(count);
    };
    QByteArray out = "--- " + fromLabel.toUtf8() + '\n' + "+++ " + toLabel.toUtf8() + '\n';
    out += "@@ -" + range(aEnd) + " +" + range(bEnd) + " @@\n";
    auto line = [&out](char mark, const QByteArray &text) {
        out += mark + text;
        if (!text.endsWith('\n'))
            out += "\n\\ No newline at end of file\n";
    };
    for (qsizetype i = from; i < prefix; ++i)
        line(' ', a[i]);
    for (qsizetype i = prefix; i < a.size() - suffix; ++i)
        line('-', a[i]);
    for (qsizetype i = prefix; i < b.size() - suffix; ++i)
        line('+', b[i]);
    for (qsizetype i = a.size() - suffix; i < aEnd; ++i)
        line(' ', a[i]);
    return out;
}

} // namespace agentmon
