#include "code_panel.h"

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
#include <QTabWidget>
#include <QVBoxLayout>

namespace asyncscope {

namespace {

QPlainTextEdit *codeView(QWidget *parent)
{
    auto *view = new QPlainTextEdit(parent);
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return view;
}

} // namespace

CodePanel::CodePanel(QWidget *parent)
    : QWidget(parent)
    , m_plans(new QComboBox(this))
    , m_tabs(new QTabWidget(this))
    , m_javaScript(codeView(this))
    , m_cpp(codeView(this))
    , m_copy(new QPushButton(tr("Copy"), this))
{
    setObjectName(QStringLiteral("codePanel"));
    m_plans->setObjectName(QStringLiteral("codePanelPlans"));
    m_copy->setObjectName(QStringLiteral("codePanelCopy"));
    m_copy->setToolTip(tr("Copy the code of this tab to the clipboard"));
    m_tabs->addTab(m_javaScript, tr("JavaScript"));
    m_tabs->addTab(m_cpp, tr("C++ (QFuture)"));
    new CodeHighlighter(CodeHighlighter::Language::JavaScript, m_javaScript->document());
    new CodeHighlighter(CodeHighlighter::Language::Cpp, m_cpp->document());

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Plan:"), this));
    top->addWidget(m_plans, 1);
    top->addWidget(m_copy);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_tabs, 1);

    connect(m_plans, &QComboBox::currentIndexChanged, this, &CodePanel::showPlan);
    connect(m_copy, &QPushButton::clicked, this, &CodePanel::copyCurrent);
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
    if (index < 0 || index >= m_scenario.plans.size()) {
        m_javaScript->clear();
        m_cpp->clear();
        return;
    }
    const PlanSpec &plan = m_scenario.plans.at(index);
    m_javaScript->setPlainText(generatePlanJavaScript(m_scenario, plan));
    m_cpp->setPlainText(generatePlanCpp(m_scenario, plan));
    emit currentPlanChanged(plan.name);
}

void CodePanel::copyCurrent()
{
    const QString text = code(language());
    QApplication::clipboard()->setText(text);
    emit copied(text);
}

} // namespace asyncscope
