#pragma once

// "Show the code": the JavaScript a plan models and its C++ (QFuture)
// equivalent with asyncscope's combinators, in two tabs, monospace, lightly
// highlighted, with a Copy button. The window gives it the scenario and tells
// it which plan is selected; the panel owns nothing else.

#include "scenario.h"

#include <QWidget>

class QComboBox;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;

namespace asyncscope {

class CodePanel : public QWidget
{
    Q_OBJECT

public:
    enum class Language { JavaScript = 0, Cpp = 1 };

    explicit CodePanel(QWidget *parent = nullptr);

    // Lists the scenario's plans and shows the first (or the one still selected).
    void setScenario(const Scenario &scenario);
    // By the plan's id (PlanTrace::id, the name as written in the scenario), never
    // by a decorated display name such as "parallel (last valid version)".
    void setCurrentPlan(const QString &planId);
    QString currentPlan() const; // the id

    void setLanguage(Language language);
    Language language() const;

    // The text of a tab for the current plan (what Copy puts on the clipboard).
    QString code(Language language) const;

signals:
    void currentPlanChanged(const QString &planId);
    void copied(const QString &text);

private:
    void showPlan(int index);
    void copyCurrent();

    Scenario m_scenario;
    QComboBox *m_plans = nullptr;        // owned by this widget (Qt parent)
    QTabWidget *m_tabs = nullptr;
    QPlainTextEdit *m_javaScript = nullptr;
    QPlainTextEdit *m_cpp = nullptr;
    QPushButton *m_copy = nullptr;
};

} // namespace asyncscope
