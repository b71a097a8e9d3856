#pragma once

// "Show the code": the JavaScript a plan models and its C++ (QFuture)
// equivalent with asyncscope's combinators, in two tabs, monospace, lightly
// highlighted, with a Copy button. The window gives it the scenario and tells
// it which plan is selected; the panel owns nothing else.
//
// A JavaScript plan's code is edited here (line numbers, highlighting):
// javaScriptEdited comes 250 ms after the last keystroke, and a plan that
// could not run has its message under the code and its line and column
// marked. An expression plan's generated code is read-only, with "Edit as
// JavaScript" to turn the plan into a JavaScript plan starting from it.

#include "scenario.h"

#include <QWidget>

#include <QHash>
#include <QTimer>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;

namespace asyncscope {

class CodeEditor;

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

    // What could not run, by plan id (RunController::planRunErrors()): one
    // line each, "line 2, column 17: Unexpected token ';'" for a syntax error.
    void setPlanErrors(const QHash<QString, QString> &errors);
    QString shownError() const;                 // the message line under the code, for the current plan
    CodeEditor *javaScriptEditor() const { return m_javaScript; }
    static constexpr int kEditDebounceMs = 250;

signals:
    void currentPlanChanged(const QString &planId);
    void copied(const QString &text);
    void javaScriptEdited(const QString &planId, const QString &code); // debounced
    void editAsJavaScriptRequested(const QString &planId);

private:
    void showPlan(int index);
    void copyCurrent();
    void showError();
    void sendEdit();

    Scenario m_scenario;
    QComboBox *m_plans = nullptr;        // owned by this widget (Qt parent)
    QTabWidget *m_tabs = nullptr;
    CodeEditor *m_javaScript = nullptr;
    QPlainTextEdit *m_cpp = nullptr;
    QPushButton *m_copy = nullptr;
    QPushButton *m_editAsJavaScript = nullptr;
    QLabel *m_message = nullptr;
    QTimer m_editDebounce;
    QString m_editedPlan;                 // the plan the pending edit is for
    QHash<QString, QString> m_errors;
    bool m_settingText = false;           // a text set here is not a user's edit
};

} // namespace asyncscope
