#include "exercise_panel.h"

#include "code_highlighter.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QKeyEvent>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <utility>

namespace asyncscope {

namespace {

QPlainTextEdit *codeEdit(QWidget *parent, const QString &objectName, bool readOnly)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setObjectName(objectName);
    edit->setReadOnly(readOnly);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit->setTabStopDistance(edit->fontMetrics().horizontalAdvance(QLatin1Char(' ')) * 2);
    edit->setMinimumHeight(edit->fontMetrics().lineSpacing() * 8);
    new CodeHighlighter(CodeHighlighter::Language::JavaScript, edit->document());
    return edit;
}

QLabel *wrappingLabel(QWidget *parent, const QString &objectName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

ExercisePanel::ExercisePanel(QWidget *parent)
    : QWidget(parent)
    , m_editor(codeEdit(this, QStringLiteral("exerciseEditor"), false))
    , m_checkButton(new QPushButton(tr("Check my code"), this))
    , m_solutionButton(new QPushButton(tr("Show solution"), this))
    , m_status(new QLabel(this))
    , m_results(wrappingLabel(this, QStringLiteral("exerciseResults")))
    , m_solutionTitle(new QLabel(tr("Solution"), this))
    , m_solution(codeEdit(this, QStringLiteral("exerciseSolution"), true))
{
    setObjectName(QStringLiteral("exercisePanel"));
    m_checkButton->setObjectName(QStringLiteral("exerciseCheck"));
    m_checkButton->setToolTip(tr("Run your code in every condition (Ctrl+Return)"));
    m_solutionButton->setObjectName(QStringLiteral("exerciseShowSolution"));
    m_solutionButton->setToolTip(tr("Show the reference solution and draw it under your runs"));
    m_status->setObjectName(QStringLiteral("exerciseStatus"));
    QFont bold = m_solutionTitle->font();
    bold.setBold(true);
    m_solutionTitle->setFont(bold);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_checkButton);
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_solutionButton);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_editor, 3);
    layout->addLayout(buttons);
    layout->addWidget(m_results);
    layout->addWidget(m_solutionTitle);
    layout->addWidget(m_solution, 2);

    connect(m_checkButton, &QPushButton::clicked, this, &ExercisePanel::check);
    connect(m_solutionButton, &QPushButton::clicked, this, &ExercisePanel::showSolution);
    connect(&m_watcher, &QFutureWatcher<ExerciseCheck>::finished, this, [this] {
        if (m_watchedGeneration != m_generation) {
            // Stale: the exercise changed, or Check was pressed again meanwhile.
            if (std::exchange(m_checkWanted, false))
                startCheck();
            return;
        }
        m_check = m_watcher.result();
        showCheck();
        emit checked(m_check->passedCount(), int(m_check->conditions.size()));
        publishTrace();
    });
    setExercise({}, {});
}

void ExercisePanel::setExercise(const Scenario &scenario, const LessonQuestion &question)
{
    ++m_generation;
    m_checkWanted = false;
    m_scenario = scenario;
    m_question = question;
    m_check.reset();
    m_solutionShown = false;
    m_editor->setPlainText(question.starter);
    m_solution->setPlainText(question.solution);
    m_solution->hide();
    m_solutionTitle->hide();
    m_solutionButton->setEnabled(true);
    QStringList names;
    for (const ExerciseCondition &condition : question.conditions)
        names << condition.name.toHtmlEscaped();
    m_results->setText(tr("Check runs your code in each condition: %1.").arg(names.join(QStringLiteral(", "))));
    m_status->clear();
}

void ExercisePanel::keyPressEvent(QKeyEvent *event)
{
    // Ctrl+Return: the editor leaves it unhandled, so it arrives here from the editor too.
    // (A QShortcut for it did not fire under X11 while the editor had focus.)
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) && (event->modifiers() & Qt::ControlModifier)) {
        check();
        return;
    }
    QWidget::keyPressEvent(event);
}

void ExercisePanel::focusEditor()
{
    m_editor->setFocus();
    m_editor->moveCursor(QTextCursor::End);
}

QString ExercisePanel::code() const
{
    return m_editor->toPlainText();
}

void ExercisePanel::setCode(const QString &code)
{
    m_editor->setPlainText(code);
}

void ExercisePanel::check()
{
    if (m_question.conditions.isEmpty())
        return;
    ++m_generation;
    m_status->setText(tr("Checking…"));
    if (m_watcher.isRunning())
        m_checkWanted = true; // the finished handler starts it
    else
        startCheck();
}

void ExercisePanel::startCheck()
{
    m_watchedGeneration = m_generation;
    // Copies only: the check runs on a pool thread (its own Node worker) while the window goes on.
    m_watcher.setFuture(QtConcurrent::run([scenario = m_scenario, question = m_question, code = code()] {
        return checkExercise(scenario, question, code);
    }));
}

void ExercisePanel::showSolution()
{
    m_solutionShown = true;
    m_solution->show();
    m_solutionTitle->show();
    m_solutionButton->setEnabled(false);
    if (m_check)
        showCheck();
    else
        check(); // the solution's runs need a check to draw beside
    publishTrace();
}

void ExercisePanel::showCheck()
{
    QString html;
    for (const ConditionVerdict &verdict : m_check->conditions) {
        const QString mark = verdict.passed ? QStringLiteral("<b style=\"color:#2e7d32\">✓ pass</b>")
                                            : QStringLiteral("<b style=\"color:#c62828\">✗ fail</b>");
        html += QStringLiteral("<p>%1 <b>%2</b>: %3").arg(mark, verdict.condition.toHtmlEscaped(), verdict.summary.toHtmlEscaped());
        for (qsizetype i = 1; i < verdict.problems.size(); ++i)
            html += QStringLiteral("<br>&nbsp;&nbsp;&nbsp;%1").arg(verdict.problems.at(i).toHtmlEscaped());
        html += QStringLiteral("</p>");
    }
    const bool all = m_check->allPassed();
    if ((all || m_solutionShown) && !m_question.explain.isEmpty())
        html += QStringLiteral("<p>%1</p>").arg(m_question.explain.toHtmlEscaped());
    m_results->setText(html);
    m_status->setText(all ? tr("All %1 conditions pass.").arg(m_check->conditions.size())
                          : tr("%1 of %2 conditions pass.").arg(m_check->passedCount()).arg(m_check->conditions.size()));
}

void ExercisePanel::publishTrace()
{
    if (m_check)
        emit traceReady(exerciseTrace(m_scenario, *m_check, m_solutionShown));
}

} // namespace asyncscope
