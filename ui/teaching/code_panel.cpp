#include "code_panel.h"

#include "code_editor.h"
#include "code_highlighter.h"
#include "cpp_codegen.h"
#include "js_codegen.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScopedValueRollback>
#include <QTabWidget>
#include <QVBoxLayout>

namespace asyncscope {

namespace {

template<typename View>
View *codeView(QWidget *parent)
{
    auto *view = new View(parent);
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return view;
}

void setEditable(QPlainTextEdit *view, bool editable)
{
    view->setReadOnly(!editable);
    view->setTextInteractionFlags(editable ? Qt::TextEditorInteraction
                                           : Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
}

} // namespace

CodePanel::CodePanel(QWidget *parent)
    : QWidget(parent)
    , m_plans(new QComboBox(this))
    , m_tabs(new QTabWidget(this))
    , m_javaScript(codeView<CodeEditor>(this))
    , m_cpp(codeView<QPlainTextEdit>(this))
    , m_copy(new QPushButton(tr("Copy"), this))
    , m_editAsJavaScript(new QPushButton(tr("Edit as JavaScript"), this))
    , m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("codePanel"));
    m_plans->setObjectName(QStringLiteral("codePanelPlans"));
    m_copy->setObjectName(QStringLiteral("codePanelCopy"));
    m_copy->setToolTip(tr("Copy the code of this tab to the clipboard"));
    m_javaScript->setObjectName(QStringLiteral("codePanelJavaScript"));
    m_editAsJavaScript->setObjectName(QStringLiteral("codePanelEditAsJavaScript"));
    m_editAsJavaScript->setToolTip(tr("Make this plan a JavaScript plan, starting from this code"));
    m_message->setObjectName(QStringLiteral("codePanelMessage"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("color: #c02828"));
    m_message->hide();
    m_editDebounce.setSingleShot(true);
    m_editDebounce.setInterval(kEditDebounceMs);
    m_tabs->addTab(m_javaScript, tr("JavaScript"));
    m_tabs->addTab(m_cpp, tr("C++ (QFuture)"));
    new CodeHighlighter(CodeHighlighter::Language::JavaScript, m_javaScript->document());
    new CodeHighlighter(CodeHighlighter::Language::Cpp, m_cpp->document());

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Plan:"), this));
    top->addWidget(m_plans, 1);
    top->addWidget(m_editAsJavaScript);
    top->addWidget(m_copy);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_message);

    connect(m_plans, &QComboBox::currentIndexChanged, this, &CodePanel::showPlan);
    connect(m_copy, &QPushButton::clicked, this, &CodePanel::copyCurrent);
    connect(m_editAsJavaScript, &QPushButton::clicked, this, [this] { emit editAsJavaScriptRequested(currentPlan()); });
    connect(m_javaScript, &QPlainTextEdit::textChanged, this, [this] {
        if (m_settingText || m_javaScript->isReadOnly())
            return;
        m_editedPlan = currentPlan();
        m_editDebounce.start();
    });
    connect(&m_editDebounce, &QTimer::timeout, this, &CodePanel::sendEdit);
}

void CodePanel::sendEdit()
{
    if (m_editedPlan.isEmpty() || m_editedPlan != currentPlan())
        return;
    emit javaScriptEdited(m_editedPlan, m_javaScript->toPlainText());
}

void CodePanel::setPlanErrors(const QHash<QString, QString> &errors)
{
    m_errors = errors;
    showError();
}

QString CodePanel::shownError() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

void CodePanel::showError()
{
    const QString error = m_errors.value(currentPlan());
    if (error.isEmpty()) {
        m_message->clear();
        m_message->hide();
        m_javaScript->clearErrorPosition();
        return;
    }
    // js_plan_runner's one line: "line L, column C: message" when Node knows where.
    static const QRegularExpression position(QStringLiteral("^line (\\d+), column (\\d+): "));
    const QRegularExpressionMatch at = position.match(error);
    if (at.hasMatch())
        m_javaScript->setErrorPosition(at.captured(1).toInt(), at.captured(2).toInt());
    else
        m_javaScript->clearErrorPosition();
    m_message->setText(error);
    m_message->show();
}

void CodePanel::setScenario(const Scenario &scenario)
{
    const QString keep = currentPlan();
    m_scenario = scenario;
    const QSignalBlocker blocker(m_plans);
    m_plans->clear();
    for (const PlanSpec &plan : scenario.plans)
        m_plans->addItem(plan.name, plan.name); // the data is the plan's id (PlanTrace::id)
    const int index = m_plans->findData(keep);
    m_plans->setCurrentIndex(index >= 0 ? index : 0);
    showPlan(m_plans->currentIndex());
}

void CodePanel::setCurrentPlan(const QString &planId)
{
    const int index = m_plans->findData(planId);
    if (index >= 0)
        m_plans->setCurrentIndex(index);
}

QString CodePanel::currentPlan() const
{
    return m_plans->currentData().toString();
}

void CodePanel::setLanguage(Language language)
{
    m_tabs->setCurrentIndex(int(language));
}

CodePanel::Language CodePanel::language() const
{
    return m_tabs->currentIndex() == 1 ? Language::Cpp : Language::JavaScript;
}

QString CodePanel::code(Language language) const
{
    return (language == Language::Cpp ? m_cpp : m_javaScript)->toPlainText();
}

void CodePanel::showPlan(int index)
{
    const QScopedValueRollback<bool> settingText(m_settingText, true);
    if (index < 0 || index >= m_scenario.plans.size()) {
        m_editDebounce.stop();
        m_javaScript->clear();
        m_cpp->clear();
        m_editAsJavaScript->setEnabled(false);
        showError();
        return;
    }
    const PlanSpec &plan = m_scenario.plans.at(index);
    const bool samePlanBeingTyped = m_editDebounce.isActive() && m_editedPlan == plan.name;
    if (!samePlanBeingTyped) {
        m_editDebounce.stop();
        // The document is the truth (an undo, another editor) unless the user's keystrokes are on their way.
        const QString text = plan.isJavaScript() ? plan.js : generatePlanJavaScript(m_scenario, plan);
        if (m_javaScript->toPlainText() != text)
            m_javaScript->setPlainText(text);
    }
    setEditable(m_javaScript, plan.isJavaScript());
    m_editAsJavaScript->setEnabled(!plan.isJavaScript());
    m_cpp->setPlainText(plan.isJavaScript() ? tr("// A JavaScript plan has no C++ equivalent.") : generatePlanCpp(m_scenario, plan));
    showError();
    emit currentPlanChanged(plan.name);
}

void CodePanel::copyCurrent()
{
    const QString text = code(language());
    QApplication::clipboard()->setText(text);
    emit copied(text);
}

} // namespace asyncscope
