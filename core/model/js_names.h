#pragma once

// How a task is named in JavaScript, decided once for the code generators
// (core/teaching) and the JavaScript engine (core/jsrun): the code asyncscope
// shows for a plan calls exactly the functions a JavaScript plan can call.

#include "scenario.h"

#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace asyncscope {

inline QStringList identifierWords(const QString &id)
{
    // Split on anything that is not a letter or digit, and before an upper-case letter after a lower-case one.
    QString spaced;
    for (qsizetype i = 0; i < id.size(); ++i) {
        const QChar c = id.at(i);
        if (i > 0 && c.isUpper() && id.at(i - 1).isLower())
            spaced += QLatin1Char(' ');
        spaced += c.isLetterOrNumber() ? c : QLatin1Char(' ');
    }
    return spaced.split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

inline QString pascalCase(const QString &id)
{
    QString out;
    for (const QString &word : identifierWords(id))
        out += word.at(0).toUpper() + word.mid(1);
    return out;
}

inline QString camelCase(const QString &id)
{
    QString out = pascalCase(id);
    if (!out.isEmpty()) {
        // "API" -> "api", "A" -> "a", "Users" -> "users"
        qsizetype upper = 0;
        while (upper < out.size() && out.at(upper).isUpper())
            ++upper;
        const qsizetype lower = upper > 1 && upper < out.size() ? upper - 1 : upper;
        out = out.left(lower).toLower() + out.mid(lower);
    }
    if (out.isEmpty() || out.at(0).isDigit())
        out.prepend(QStringLiteral("value"));
    return out;
}

// The task's function in JavaScript: its "function" field; else the
// function its label reads as a call to ("fetchUser(userId)" -> fetchUser);
// else "fetch" + its id in PascalCase (user -> fetchUser, activityFeed ->
// fetchActivityFeed, primary_fast -> fetchPrimaryFast).
inline QString taskFunctionName(const TaskSpec &task)
{
    if (!task.function.isEmpty())
        return task.function;
    static const QRegularExpression callLike(QStringLiteral("^\\s*([A-Za-z_$][A-Za-z0-9_$]*)\\([^()]*\\)\\s*$"));
    const QRegularExpressionMatch match = callLike.match(task.label);
    if (match.hasMatch())
        return match.captured(1);
    return QStringLiteral("fetch") + pascalCase(task.id);
}

} // namespace asyncscope
