#pragma once

// A whole scenario's run on the virtual clock: every chosen plan (engine.h),
// each with the sentence that explains its settlement and, if asked, its
// trials. What `asyncscope run`, the exporter and the window show.

#include "engine.h"

#include <QStringList>

namespace asyncscope {

struct RunOptions
{
    quint64 seed = 1;
    QStringList plans;       // names to run; empty = all, in scenario order
    int trials = 0;          // > 0: also run each plan this many times with fresh draws
};

// The plans RunOptions::plans names, in that order (every plan when empty).
QList<const PlanSpec *> selectedPlans(const Scenario &scenario, const QStringList &names);

RunTrace runVirtual(const Scenario &scenario, const RunOptions &options);

} // namespace asyncscope
