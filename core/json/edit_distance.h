#pragma once

// "Did you mean ...?" suggestions for misspelt task ids, combinators and
// field names.

#include <QString>
#include <QStringList>

namespace asyncscope {

// Levenshtein distance (insert, delete, substitute; each costs 1).
int editDistance(const QString &a, const QString &b);

// The candidate closest to `typed`: a case-insensitive match first, else the
// nearest within edit distance 2 (and shorter than `typed`, so "x" suggests
// nothing), else a candidate that `typed` (2+ characters) begins. Empty when
// nothing is close. Ties go to the earlier candidate.
QString closestMatch(const QString &typed, const QStringList &candidates);

// ` (did you mean "X"?)` or an empty string.
QString didYouMean(const QString &typed, const QStringList &candidates);

} // namespace asyncscope
