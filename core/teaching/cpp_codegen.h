#pragma once

// The C++ equivalent of a plan with asyncscope's own combinators over
// QFuture<QJsonValue> (core/combinators.h, core/combinators_json.h): the
// code panel's second tab, so a Qt developer sees the same strategy in the
// API they would use. A top-level all() reads
//   const QFuture<QList<QJsonValue>> parallel = all(QList<JsonFuture>{fetchUser(), fetchPosts()});
// graph() and levels() have no single combinator: they are written level by
// level with sequenceJson/allJson (the same timing as levels()).

#include "scenario.h"

#include <QString>

namespace asyncscope {

// `fetch` + PascalCase id: the function that starts one invocation and returns a JsonFuture.
QString cppFetchName(const TaskSpec &task);

QString generatePlanCpp(const Scenario &scenario, const PlanSpec &plan);

} // namespace asyncscope
