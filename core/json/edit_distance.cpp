#include "edit_distance.h"

#include "json_messages.h"

#include <algorithm>
#include <vector>

namespace asyncscope {

int editDistance(const QString &a, const QString &b)
{
    // Two rows are enough: each row only reads the previous one.
    std::vector<int> previous(b.size() + 1);
    std::vector<int> current(b.size() + 1);
    for (qsizetype j = 0; j <= b.size(); ++j)
        previous[j] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        current[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitute});
        }
        std::swap(previous, current);
    }
    return previous[b.size()];
}

QString closestMatch(const QString &typed, const QStringList &candidates)
{
    constexpr int kMaxDistance = 2;
    for (const QString &candidate : candidates) {
        if (candidate.compare(typed, Qt::CaseInsensitive) == 0)
            return candidate;
    }
    QString best;
    int bestDistance = kMaxDistance + 1;
    // Each distance costs typed.size() * candidate.size(): thousands of
    // thousand-character ids would take minutes. Nobody mistypes such an id by
    // two characters, so long ones get no near-miss suggestion.
    constexpr qsizetype kMaxSuggestedLength = 64;
    for (const QString &candidate : typed.size() <= kMaxSuggestedLength ? candidates : QStringList()) {
        // Lengths that differ by more than the limit cannot be within it.
        if (std::abs(candidate.size() - typed.size()) > kMaxDistance)
            continue;
        const int distance = editDistance(typed, candidate);
        if (distance < bestDistance && distance < typed.size()) {
            best = candidate;
            bestDistance = distance;
        }
    }
    if (!best.isEmpty() || typed.size() < 2)
        return best;
    // A dropped suffix ("sd" for "sd_ms") is far by distance but obvious to a reader.
    for (const QString &candidate : candidates) {
        if (candidate.startsWith(typed, Qt::CaseInsensitive))
            return candidate;
    }
    return {};
}

QString didYouMean(const QString &typed, const QStringList &candidates)
{
    const QString match = closestMatch(typed, candidates);
    if (match.isEmpty())
        return {};
    return QStringLiteral(" (did you mean \"%1\"?)").arg(shortenedForMessage(match));
}

} // namespace asyncscope
