#include "chrome_trace_scanner_p.h"

#include "json_messages.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <charconv>
#include <cmath>
#include <cstring>
#include <string_view>
#include <unordered_map>

namespace asyncscope::trace_import {

namespace {

// A forward-only reader of the Chrome trace object or array that decodes only
// the fields of TraceEvent and skips the rest, so a 100 MB trace is never held
// as a QJsonDocument (which costs about ten times the file in memory).
class TraceEventScanner
{
public:
    explicit TraceEventScanner(const QByteArray &data) : m_p(data.constData()), m_end(data.constData() + data.size())
    {
        if (data.startsWith("\xEF\xBB\xBF"))
            m_p += 3;
    }

    // The events, and `otherData` when the object form has it.
    void read(std::vector<TraceEvent> &events, QJsonObject &otherData)
    {
        skipSpace();
        if (peek() == '[') {
            readEvents(events);
        } else {
            expect('{');
            bool sawEvents = false;
            if (!consumeIf('}')) {
                do {
                    const QString key = readString();
                    expect(':');
                    skipSpace();
                    if (key == QLatin1String("traceEvents")) {
                        readEvents(events);
                        sawEvents = true;
                    } else if (key == QLatin1String("otherData")) {
                        otherData = readObjectSlice();
                    } else {
                        skipValue();
                    }
                } while (consumeIf(','));
                expect('}');
            }
            if (!sawEvents)
                throw NotFastPath{};
        }
        skipSpace();
        if (m_p != m_end)
            throw NotFastPath{};
    }

private:
    char peek()
    {
        if (m_p >= m_end)
            throw NotFastPath{};
        return *m_p;
    }
    void skipSpace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }
    void expect(char c)
    {
        skipSpace();
        if (peek() != c)
            throw NotFastPath{};
        ++m_p;
    }
    bool consumeIf(char c)
    {
        skipSpace();
        if (m_p < m_end && *m_p == c) {
            ++m_p;
            return true;
        }
        return false;
    }

    QString readString()
    {
        skipSpace();
        if (peek() != '"')
            throw NotFastPath{};
        const char *start = ++m_p;
        while (m_p < m_end && *m_p != '"' && *m_p != '\\' && uchar(*m_p) >= 0x20)
            ++m_p;
        if (m_p < m_end && *m_p == '"')
            return interned(m_strings, std::string_view(start, std::size_t(m_p++ - start)), false);
        // Escapes (rare in traces): let QJsonDocument decode this one string.
        m_p = start - 1;
        const char *from = m_p;
        skipString();
        QByteArray wrapped = '[' + QByteArray(from, m_p - from) + ']';
        const QJsonDocument document = QJsonDocument::fromJson(wrapped);
        if (!document.isArray() || !document.array().at(0).isString())
            throw NotFastPath{};
        return document.array().at(0).toString();
    }

    void skipString()
    {
        if (peek() != '"')
            throw NotFastPath{};
        ++m_p;
        while (m_p < m_end && *m_p != '"') {
            if (*m_p == '\\')
                ++m_p;
            ++m_p;
        }
        if (m_p >= m_end)
            throw NotFastPath{};
        ++m_p;
    }

    double readNumber()
    {
        skipSpace();
        double value = 0;
        const auto [next, error] = std::from_chars(m_p, m_end, value);
        // from_chars also reads "inf" and "nan", which JSON does not have:
        // leave those to the strict reader, which refuses them with a line.
        if (error != std::errc() || next == m_p || !std::isfinite(value))
            throw NotFastPath{};
        m_p = next;
        return value;
    }

    void skipValue()
    {
        skipSpace();
        const char c = peek();
        if (c == '"') {
            skipString();
        } else if (c == '{' || c == '[') {
            // Strings may hold brackets; everything else only nests.
            int depth = 0;
            do {
                const char d = peek();
                if (d == '"') {
                    skipString();
                    continue;
                }
                if (d == '{' || d == '[')
                    ++depth;
                else if (d == '}' || d == ']')
                    --depth;
                ++m_p;
            } while (depth > 0);
        } else {
            while (m_p < m_end && *m_p != ',' && *m_p != '}' && *m_p != ']' && *m_p != ' ' && *m_p != '\n'
                   && *m_p != '\r' && *m_p != '\t')
                ++m_p;
        }
    }

    QJsonObject readObjectSlice()
    {
        skipSpace();
        if (peek() != '{')
            throw NotFastPath{};
        if (m_p + 1 < m_end && m_p[1] == '}') {
            m_p += 2;
            return {};
        }
        const char *start = m_p;
        skipValue();
        const QJsonDocument document = QJsonDocument::fromJson(QByteArray::fromRawData(start, m_p - start));
        if (!document.isObject())
            throw NotFastPath{};
        return document.object();
    }

    QString readId()
    {
        skipSpace();
        if (peek() == '"')
            return readString();
        const char *start = m_p;
        readNumber();
        return interned(m_numbers, std::string_view(start, std::size_t(m_p - start)), true);
    }

    // Trace strings repeat (keys, names, categories, pids, tids): one shared
    // QString per distinct text, so a million events hold a few hundred strings
    // instead of millions (the peak memory of a 1M-event import). The views
    // point into the file's bytes, alive while scanning; bounded for hostile input.
    static constexpr std::size_t kMaxInternedStrings = 65536;
    using InternedStrings = std::unordered_map<std::string_view, QString>;
    static QString interned(InternedStrings &table, std::string_view text, bool number)
    {
        if (const auto it = table.find(text); it != table.end())
            return it->second;
        double value = 0;
        const QString string = number ? (std::from_chars(text.data(), text.data() + text.size(), value), formatNumber(value))
                                      : QString::fromUtf8(text.data(), qsizetype(text.size()));
        if (table.size() < kMaxInternedStrings)
            table.emplace(text, string);
        return string;
    }

    void readEvents(std::vector<TraceEvent> &events)
    {
        expect('[');
        if (consumeIf(']'))
            return;
        do {
            TraceEvent event;
            event.index = qsizetype(events.size());
            event.pid = event.tid = event.id = QStringLiteral("0");
            expect('{');
            bool hasPhase = false;
            if (!consumeIf('}')) {
                do {
                    const QString key = readString();
                    expect(':');
                    skipSpace();
                    if (key == QLatin1String("ph")) {
                        const QString phase = readString();
                        if (phase.size() != 1)
                            throw NotFastPath{};
                        event.ph = phase.at(0).toLatin1();
                        hasPhase = true;
                    } else if (key == QLatin1String("ts")) {
                        if (peek() == '"' || peek() == 'n' || peek() == 't' || peek() == 'f' || peek() == '{' || peek() == '[')
                            throw NotFastPath{};
                        event.ts = readNumber();
                        event.hasTs = true;
                    } else if (key == QLatin1String("dur")) {
                        event.dur = readNumber();
                        if (*event.dur < 0)
                            throw NotFastPath{};
                    } else if (key == QLatin1String("name")) {
                        event.name = peek() == '"' ? readString() : (skipValue(), QString());
                    } else if (key == QLatin1String("cat")) {
                        event.cat = peek() == '"' ? readString() : (skipValue(), QString());
                    } else if (key == QLatin1String("pid")) {
                        event.pid = readId();
                    } else if (key == QLatin1String("tid")) {
                        event.tid = readId();
                    } else if (key == QLatin1String("id")) {
                        event.id = readId();
                    } else if (key == QLatin1String("args")) {
                        if (peek() == '{')
                            event.args = readObjectSlice();
                        else
                            skipValue();
                    } else {
                        skipValue();
                    }
                } while (consumeIf(','));
                expect('}');
            }
            if (!hasPhase || (std::strchr("XBEbe", event.ph) && !event.hasTs))
                throw NotFastPath{};
            events.push_back(std::move(event));
        } while (consumeIf(','));
        expect(']');
    }

    const char *m_p;
    const char *m_end;
    InternedStrings m_strings;
    InternedStrings m_numbers;
};

} // namespace

void scanTraceEvents(const QByteArray &data, std::vector<TraceEvent> &events, QJsonObject &otherData)
{
    TraceEventScanner(data).read(events, otherData);
}

} // namespace asyncscope::trace_import
