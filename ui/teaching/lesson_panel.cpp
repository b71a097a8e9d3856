#include "lesson_panel.h"

#include "exercise_panel.h"
#include "explanation.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace asyncscope {

namespace {

QLabel *wrappingLabel(QWidget *parent, const QString &objectName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

// A radio button does not wrap its text: a long choice gets line breaks at
// spaces, so the Lesson dock never asks for more width than a laptop screen has
// (presenter mode's large type above all).
QString brokenIntoLines(const QString &text, int maxChars = 36)
{
    QStringList lines;
    QString line;
    for (const QString &word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (!line.isEmpty() && line.size() + 1 + word.size() > maxChars) {
            lines << line;
            line.clear();
        }
        line += (line.isEmpty() ? QString() : QStringLiteral(" ")) + word;
    }
    lines << line;
    return lines.join(QLatin1Char('\n'));
}

// The lesson names plans by id (PlanTrace::id: the name as written in the
// scenario). The checks and explanations (core) look plans up by name, so they
// get the run under its ids, not under the window's decorated display names
// such as "parallel (last valid version)".
RunTrace underPlanIds(RunTrace run)
{
    for (PlanTrace &plan : run.plans) {
        if (plan.id.isEmpty())
            plan.id = plan.name; // a trace built without ids
        plan.name = plan.id;
    }
    return run;
}

} // namespace

LessonPanel::LessonPanel(QWidget *parent)
    : QWidget(parent)
    , m_title(wrappingLabel(this, QStringLiteral("lessonTitle")))
    , m_progress(new QLabel(this))
    , m_text(wrappingLabel(this, QStringLiteral("lessonText")))
    , m_prompt(wrappingLabel(this, QStringLiteral("lessonPrompt")))
    , m_choices(new QWidget(this))
    , m_choicesLayout(new QVBoxLayout(m_choices))
    , m_choiceGroup(new QButtonGroup(this))
    , m_predict(new QWidget(this))
    , m_predictMs(new QDoubleSpinBox(m_predict))
    , m_never(new QCheckBox(tr("never settles"), m_predict))
    , m_exercise(new ExercisePanel(this))
    , m_result(wrappingLabel(this, QStringLiteral("lessonResult")))
    , m_previous(new QPushButton(tr("◀ Back"), this))
    , m_reveal(new QPushButton(tr("Reveal"), this))
    , m_next(new QPushButton(tr("Next ▶"), this))
{
    setObjectName(QStringLiteral("lessonPanel"));
    setFocusPolicy(Qt::StrongFocus);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    m_title->setFont(titleFont);
    m_progress->setObjectName(QStringLiteral("lessonProgress"));
    m_result->setTextFormat(Qt::RichText);
    m_choicesLayout->setContentsMargins(0, 0, 0, 0);
    m_choiceGroup->setExclusive(true);

    m_predictMs->setObjectName(QStringLiteral("lessonPredictMs"));
    m_predictMs->setRange(0, kMaxLatencyMs);
    m_predictMs->setDecimals(0);
    m_predictMs->setSingleStep(50);
    m_predictMs->setSuffix(QStringLiteral(" ms"));
    m_never->setObjectName(QStringLiteral("lessonNever"));
    auto *predictLayout = new QHBoxLayout(m_predict);
    predictLayout->setContentsMargins(0, 0, 0, 0);
    predictLayout->addWidget(new QLabel(tr("Settles at"), m_predict));
    predictLayout->addWidget(m_predictMs);
    predictLayout->addWidget(m_never);
    predictLayout->addStretch(1);
    connect(m_never, &QCheckBox::toggled, m_predictMs, &QWidget::setDisabled);

    m_previous->setObjectName(QStringLiteral("lessonPrevious"));
    m_reveal->setObjectName(QStringLiteral("lessonReveal"));
    m_next->setObjectName(QStringLiteral("lessonNext"));
    m_reveal->setToolTip(tr("Check the answer and show the timeline (Enter)"));
    m_next->setToolTip(tr("Next step (→, Page Down, Space)"));
    m_previous->setToolTip(tr("Previous step (←, Page Up)"));
    for (QPushButton *button : {m_previous, m_reveal, m_next})
        button->setFocusPolicy(Qt::NoFocus); // keys stay with the panel

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_previous);
    buttons->addStretch(1);
    buttons->addWidget(m_reveal);
    buttons->addWidget(m_next);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_progress);
    layout->addWidget(m_text);
    layout->addWidget(m_prompt);
    layout->addWidget(m_choices);
    layout->addWidget(m_predict);
    layout->addWidget(m_exercise, 1);
    layout->addWidget(m_result);
    layout->addStretch(1);
    layout->addLayout(buttons);

    connect(m_exercise, &ExercisePanel::traceReady, this, &LessonPanel::exerciseTraceReady);
    connect(m_exercise, &ExercisePanel::checked, this, [this](int passed, int total) { emit answerChecked(passed == total); });
    connect(m_previous, &QPushButton::clicked, this, &LessonPanel::previousStep);
    connect(m_reveal, &QPushButton::clicked, this, &LessonPanel::reveal);
    connect(m_next, &QPushButton::clicked, this, &LessonPanel::nextStep);
    showStep();
}

bool LessonPanel::setScenario(const Scenario &scenario)
{
    m_scenario = scenario;
    const LessonParseResult parsed = parseLesson(scenario);
    m_lesson = parsed.lesson;
    m_step = 0;
    m_revealed = false;
    m_check.reset();
    showStep();
    if (!parsed.ok()) {
        m_text->setText(tr("This scenario's lesson cannot be used: %1").arg(parsed.error));
        return false;
    }
    if (!m_lesson) {
        m_text->setText(tr("This scenario has no lesson. Open one of the lesson-… examples."));
        return false;
    }
    emit stepChanged(m_step);
    return true;
}

void LessonPanel::setRun(const RunTrace &run)
{
    m_run = underPlanIds(run);
    if (m_revealed)
        reveal(); // re-check and re-explain with the new numbers; emits nothing again
}

bool LessonPanel::isExerciseStep() const
{
    if (!m_lesson || m_step >= stepCount())
        return false;
    const auto &question = m_lesson->steps.at(m_step).question;
    return question && question->kind == LessonQuestion::Kind::Exercise;
}

int LessonPanel::stepCount() const
{
    return m_lesson ? int(m_lesson->steps.size()) : 0;
}

QStringList LessonPanel::currentPlans() const
{
    if (!m_lesson || m_step >= stepCount())
        return {};
    QStringList plans = m_lesson->steps.at(m_step).plans;
    if (plans.isEmpty()) {
        for (const PlanSpec &plan : m_scenario.plans)
            plans.append(plan.name);
    }
    return plans;
}

void LessonPanel::nextStep()
{
    if (!m_lesson)
        return;
    if (!m_revealed) {
        reveal();
        return;
    }
    if (m_step + 1 < stepCount())
        goToStep(m_step + 1);
}

void LessonPanel::previousStep()
{
    if (m_step > 0)
        goToStep(m_step - 1);
}

void LessonPanel::goToStep(int step)
{
    if (!m_lesson || step < 0 || step >= stepCount())
        return;
    m_step = step;
    m_revealed = false;
    m_check.reset();
    showStep();
    emit stepChanged(m_step);
}

void LessonPanel::chooseAnswer(int choice)
{
    if (QAbstractButton *button = m_choiceGroup->button(choice))
        button->setChecked(true);
}

void LessonPanel::setPredictedMs(std::optional<double> ms)
{
    m_never->setChecked(!ms.has_value());
    if (ms)
        m_predictMs->setValue(*ms);
}

void LessonPanel::reveal()
{
    if (!m_lesson || m_step >= stepCount() || isExerciseStep())
        return; // an exercise is judged by its Check button
    const LessonStep &step = m_lesson->steps.at(m_step);
    QString html;
    if (step.question) {
        LessonAnswer answer;
        answer.choice = m_choiceGroup->checkedId();
        if (!m_never->isChecked())
            answer.predictedMs = m_predictMs->value();
        m_check = checkAnswer(*step.question, answer, m_run);
        const QString colour = m_check->correct ? QStringLiteral("#2e7d32") : QStringLiteral("#c62828");
        html += QStringLiteral("<p><b style=\"color:%1\">%2</b></p>").arg(colour, m_check->verdict.toHtmlEscaped());
        if (!m_check->explanation.isEmpty())
            html += QStringLiteral("<p>%1</p>").arg(m_check->explanation.toHtmlEscaped());
        for (QAbstractButton *button : m_choiceGroup->buttons())
            button->setEnabled(false);
        m_predict->setEnabled(false);
    }
    html += explanationsHtml();
    m_result->setText(html);
    m_result->setVisible(true);
    const bool firstReveal = !m_revealed;
    m_revealed = true;
    m_reveal->setEnabled(false);
    m_next->setEnabled(m_step + 1 < stepCount());
    if (firstReveal) {
        if (m_check)
            emit answerChecked(m_check->correct);
        emit revealRequested(currentPlans());
    }
}

QString LessonPanel::explanationsHtml() const
{
    QString html;
    for (const QString &id : currentPlans()) {
        for (const PlanTrace &plan : m_run.plans) {
            if (plan.id == id)
                html += QStringLiteral("<p><b>%1</b>: %2</p>")
                            .arg(id.toHtmlEscaped(), explainSettlement(m_scenario, plan).toHtmlEscaped());
        }
    }
    return html;
}

void LessonPanel::clearQuestion()
{
    for (QAbstractButton *button : m_choiceGroup->buttons()) {
        m_choiceGroup->removeButton(button);
        delete button;
    }
    m_choices->setVisible(false);
    m_predict->setVisible(false);
    m_predict->setEnabled(true);
    m_exercise->setVisible(false);
    m_reveal->setVisible(true);
    m_never->setChecked(false);
    m_predictMs->setValue(0);
    m_prompt->clear();
    m_prompt->setVisible(false);
}

void LessonPanel::showStep()
{
    clearQuestion();
    m_result->clear();
    m_result->setVisible(false);
    const bool has = m_lesson && m_step < stepCount();
    m_title->setText(m_lesson ? m_lesson->title : tr("Lesson"));
    m_progress->setText(has ? tr("Step %1 of %2").arg(m_step + 1).arg(stepCount()) : QString());
    m_previous->setEnabled(has && m_step > 0);
    m_reveal->setEnabled(has);
    m_next->setEnabled(has);
    if (!has) {
        m_text->clear();
        return;
    }
    const LessonStep &step = m_lesson->steps.at(m_step);
    m_text->setText(step.text);
    m_reveal->setText(step.question ? tr("Answer && reveal") : tr("Reveal"));
    if (!step.question)
        return;
    const LessonQuestion &question = *step.question;
    m_prompt->setText(question.prompt);
    m_prompt->setVisible(true);
    if (question.kind == LessonQuestion::Kind::Choice) {
        for (qsizetype i = 0; i < question.choices.size(); ++i) {
            auto *button = new QRadioButton(QStringLiteral("&%1  %2").arg(i + 1).arg(brokenIntoLines(question.choices.at(i))), m_choices);
            button->setObjectName(QStringLiteral("lessonChoice%1").arg(i));
            button->setFocusPolicy(Qt::NoFocus);
            m_choiceGroup->addButton(button, int(i));
            m_choicesLayout->addWidget(button);
        }
        m_choices->setVisible(true);
    } else if (question.kind == LessonQuestion::Kind::Exercise) {
        // Writing code is the answer: the step's plans stay in view, Check judges, Next moves on.
        m_exercise->setExercise(m_scenario, question);
        m_exercise->setVisible(true);
        m_reveal->setVisible(false);
        m_revealed = true;
    } else {
        m_predict->setVisible(true);
    }
}

void LessonPanel::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Right:
    case Qt::Key_PageDown:
    case Qt::Key_Space:
        nextStep();
        return;
    case Qt::Key_Left:
    case Qt::Key_PageUp:
        previousStep();
        return;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (!m_revealed)
            reveal();
        return;
    default:
        break;
    }
    if (event->key() >= Qt::Key_1 && event->key() <= Qt::Key_9 && !m_revealed) {
        chooseAnswer(event->key() - Qt::Key_1);
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace asyncscope
