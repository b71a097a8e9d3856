#include "lesson_editor.h"

#include "field_teardown.h"

#include "lesson.h"
#include "scenario_document.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QStandardItemModel>
#include <QToolButton>
#include <QVBoxLayout>

namespace asyncscope {

namespace {

const QLatin1String kSteps("steps");
const QLatin1String kTitle("title");
const QLatin1String kText("text");
const QLatin1String kPlans("plans");
const QLatin1String kQuestion("question");
const QLatin1String kKind("kind");
const QLatin1String kPrompt("prompt");
const QLatin1String kChoices("choices");
const QLatin1String kAnswer("answer");
const QLatin1String kPlan("plan");
const QLatin1String kTolerance("tolerance_ms");
const QLatin1String kExplain("explain");
const QLatin1String kConditions("conditions");

LessonEditor::QuestionKind kindOf(const QJsonObject &question)
{
    if (question.isEmpty())
        return LessonEditor::NoQuestion;
    const QString kind = question.value(kKind).toString();
    if (kind == QLatin1String("predict"))
        return LessonEditor::Predict;
    if (kind == QLatin1String("exercise"))
        return LessonEditor::Exercise;
    return LessonEditor::Choice;
}

QStringList strings(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &each : value.toArray())
        out.append(each.toString());
    return out;
}

// One choice per line; blank lines (a line being started) are not choices.
QStringList choiceLines(const QString &text)
{
    QStringList out;
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        if (!line.trimmed().isEmpty())
            out.append(line.trimmed());
    }
    return out;
}

QPlainTextEdit *textBox(QWidget *parent, int lines, const QString &placeholder)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setTabChangesFocus(true);
    edit->setPlaceholderText(placeholder);
    edit->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    edit->setFixedHeight(edit->fontMetrics().lineSpacing() * lines + 12);
    return edit;
}

void setTextIfDifferent(QPlainTextEdit *edit, const QString &text)
{
    if (edit->toPlainText() != text)
        edit->setPlainText(text);
}

void setTextIfDifferent(QLineEdit *edit, const QString &text)
{
    if (edit->text() != text)
        edit->setText(text);
}

} // namespace

LessonEditor::~LessonEditor()
{
    disconnectFieldsFrom(this);
}

LessonEditor::LessonEditor(ScenarioDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_title(new QLineEdit(this))
    , m_steps(new QListWidget(this))
    , m_empty(new QLabel(this))
    , m_stepBox(new QWidget(this))
    , m_stepForm(new QFormLayout(m_stepBox))
    , m_text(textBox(m_stepBox, 4, tr("What the class reads in this step")))
    , m_plans(new QListWidget(m_stepBox))
    , m_kind(new QComboBox(m_stepBox))
    , m_prompt(new QLineEdit(m_stepBox))
    , m_choices(textBox(m_stepBox, 4, tr("One choice per line")))
    , m_answer(new QComboBox(m_stepBox))
    , m_predictPlan(new QComboBox(m_stepBox))
    , m_tolerance(new QDoubleSpinBox(m_stepBox))
    , m_exerciseNote(new QLabel(m_stepBox))
    , m_explain(textBox(m_stepBox, 2, tr("Shown after the answer, right or wrong")))
    , m_error(new QLabel(this))
    , m_play(new QPushButton(tr("▶ Play Lesson"), this))
{
    setObjectName(QStringLiteral("lessonEditor"));
    m_title->setObjectName(QStringLiteral("lessonEditorTitle"));
    m_title->setPlaceholderText(tr("Lesson title (the scenario's name when empty)"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_steps->setObjectName(QStringLiteral("lessonEditorSteps"));
    m_steps->setMaximumHeight(m_steps->fontMetrics().lineSpacing() * 6 + 16);
    m_steps->setTextElideMode(Qt::ElideRight);
    m_steps->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_steps->setUniformItemSizes(true);
    m_empty->setWordWrap(true);
    m_empty->setText(tr("No lesson yet. <b>+</b> writes its first step: what the class reads, the plans it "
                        "shows, and a question the class answers before the timeline is shown."));
    m_text->setObjectName(QStringLiteral("lessonEditorText"));
    m_plans->setObjectName(QStringLiteral("lessonEditorPlans"));
    m_plans->setToolTip(tr("The plans this step shows. None checked: every plan."));
    m_kind->setObjectName(QStringLiteral("lessonEditorKind"));
    m_kind->addItem(tr("No question"));
    m_kind->addItem(tr("Multiple choice"));
    m_kind->addItem(tr("Predict when a plan settles"));
    m_kind->addItem(tr("Exercise (code)"));
    m_kind->setItemData(Exercise,
                        tr("Exercises (starter code, solution, conditions) are written in the scenario file; "
                           "here their prompt and explanation can be edited"),
                        Qt::ToolTipRole);
    m_prompt->setObjectName(QStringLiteral("lessonEditorPrompt"));
    m_prompt->setPlaceholderText(tr("The question the class answers"));
    m_choices->setObjectName(QStringLiteral("lessonEditorChoices"));
    m_answer->setObjectName(QStringLiteral("lessonEditorAnswer"));
    m_predictPlan->setObjectName(QStringLiteral("lessonEditorPredictPlan"));
    m_tolerance->setObjectName(QStringLiteral("lessonEditorTolerance"));
    m_tolerance->setRange(0, 60000);
    m_tolerance->setDecimals(0);
    m_tolerance->setSingleStep(10);
    m_tolerance->setSuffix(tr(" ms"));
    m_tolerance->setToolTip(tr("A prediction this close to the real settle time counts as right"));
    m_exerciseNote->setWordWrap(true);
    m_explain->setObjectName(QStringLiteral("lessonEditorExplain"));
    m_error->setObjectName(QStringLiteral("lessonEditorError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("color: #d0312d;"));
    m_error->setToolTip(tr("The lesson keeps its last valid version until this is fixed."));
    m_error->hide();
    m_play->setObjectName(QStringLiteral("lessonEditorPlay"));
    m_play->setToolTip(tr("Play the lesson from this step, as the class sees it: the timeline waits behind a "
                          "curtain until the question is answered. Close the Lesson dock to stop."));

    // One form: the step's fields, then the question's; reloadStep shows the rows its kind has.
    m_stepForm->setContentsMargins(0, 4, 0, 0);
    m_stepForm->addRow(tr("Text"), m_text);
    m_stepForm->addRow(tr("Shows"), m_plans);
    auto *allHint = new QLabel(tr("None checked: every plan."), m_stepBox);
    allHint->setEnabled(false);
    m_stepForm->addRow(QString(), allHint);
    m_stepForm->addRow(tr("Question"), m_kind);
    m_stepForm->addRow(tr("Prompt"), m_prompt);
    m_stepForm->addRow(tr("Choices"), m_choices);
    m_stepForm->addRow(tr("Right answer"), m_answer);
    m_stepForm->addRow(tr("Plan"), m_predictPlan);
    m_stepForm->addRow(tr("Tolerance"), m_tolerance);
    m_stepForm->addRow(m_exerciseNote);
    m_stepForm->addRow(tr("Explain"), m_explain);

    auto *stepsHeader = new QHBoxLayout;
    stepsHeader->setContentsMargins(0, 0, 0, 0);
    stepsHeader->setSpacing(0);
    stepsHeader->addWidget(new QLabel(tr("<b>Steps</b>"), this));
    stepsHeader->addStretch(1);
    QToolButton *add = stepButton(tr("+"), tr("Add a step after the selected one"), QStringLiteral("addLessonStep"));
    m_duplicate = stepButton(tr("Dup"), tr("Duplicate the selected step"), QStringLiteral("duplicateLessonStep"));
    m_remove = stepButton(tr("−"), tr("Remove the selected step (the last one removes the lesson)"),
                          QStringLiteral("removeLessonStep"));
    m_up = stepButton(tr("↑"), tr("Move the selected step up"), QStringLiteral("moveLessonStepUp"));
    m_down = stepButton(tr("↓"), tr("Move the selected step down"), QStringLiteral("moveLessonStepDown"));
    for (QToolButton *b : {add, m_duplicate, m_remove, m_up, m_down})
        stepsHeader->addWidget(b);
    connect(add, &QToolButton::clicked, this, &LessonEditor::addStep);
    connect(m_duplicate, &QToolButton::clicked, this, &LessonEditor::duplicateStep);
    connect(m_remove, &QToolButton::clicked, this, &LessonEditor::removeStep);
    connect(m_up, &QToolButton::clicked, this, [this] { moveStep(-1); });
    connect(m_down, &QToolButton::clicked, this, [this] { moveStep(+1); });

    auto *content = new QWidget(this);
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(6, 6, 6, 6);
    contentLayout->addWidget(m_title);
    contentLayout->addLayout(stepsHeader);
    contentLayout->addWidget(m_steps);
    contentLayout->addWidget(m_empty);
    contentLayout->addWidget(m_stepBox);
    contentLayout->addWidget(m_error);
    contentLayout->addStretch(1);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(content);

    auto *playRow = new QHBoxLayout;
    playRow->setContentsMargins(6, 0, 6, 6);
    playRow->addStretch(1);
    playRow->addWidget(m_play);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll, 1);
    layout->addLayout(playRow);

    // Edits: each field changes the draft and sends it.
    connect(m_title, &QLineEdit::textEdited, this, [this](const QString &text) {
        if (text.trimmed().isEmpty())
            m_draft.remove(kTitle);
        else
            m_draft.insert(kTitle, text);
        commit(tr("lesson title"), QStringLiteral("lesson-title"));
    });
    connect(m_steps, &QListWidget::currentRowChanged, this, [this](int row) {
        if (!m_loading && row >= 0)
            setCurrentStep(row);
    });
    connect(m_text, &QPlainTextEdit::textChanged, this, [this] {
        if (m_loading || m_step < 0)
            return;
        QJsonObject step = stepAt(m_step);
        step.insert(kText, m_text->toPlainText());
        setStep(m_step, step);
        if (QListWidgetItem *item = m_steps->item(m_step))
            item->setText(stepName(m_step)); // the list follows the typing, valid or not
        commit(tr("step %1 text").arg(m_step + 1), QStringLiteral("lesson-text:%1").arg(m_step));
    });
    connect(m_plans, &QListWidget::itemChanged, this, [this] {
        if (m_loading || m_step < 0)
            return;
        QStringList checked;
        for (int i = 0; i < m_plans->count(); ++i) {
            if (m_plans->item(i)->checkState() == Qt::Checked)
                checked.append(m_plans->item(i)->text());
        }
        QJsonObject step = stepAt(m_step);
        if (checked.isEmpty())
            step.remove(kPlans);
        else
            step.insert(kPlans, QJsonArray::fromStringList(checked));
        setStep(m_step, step);
        commit(tr("step %1 plans: %2").arg(m_step + 1).arg(checked.isEmpty() ? tr("all") : checked.join(QStringLiteral(", "))));
        const QSignalBlocker block(m_predictPlan);
        reloadPlanChoices();
    });
    connect(m_kind, qOverload<int>(&QComboBox::activated), this,
            [this](int index) { setQuestionKind(QuestionKind(index)); });
    connect(m_prompt, &QLineEdit::textEdited, this, [this](const QString &text) {
        if (m_step < 0)
            return;
        QJsonObject q = question();
        q.insert(kPrompt, text);
        setQuestion(q);
        commit(tr("step %1 prompt").arg(m_step + 1), QStringLiteral("lesson-prompt:%1").arg(m_step));
    });
    connect(m_choices, &QPlainTextEdit::textChanged, this, [this] {
        if (m_loading || m_step < 0)
            return;
        QJsonObject q = question();
        const QStringList choices = choiceLines(m_choices->toPlainText());
        q.insert(kChoices, QJsonArray::fromStringList(choices));
        if (q.value(kAnswer).toInt() >= choices.size())
            q.insert(kAnswer, std::max(0, int(choices.size()) - 1));
        setQuestion(q);
        commit(tr("step %1 choices").arg(m_step + 1), QStringLiteral("lesson-choices:%1").arg(m_step));
        const QSignalBlocker block(m_answer);
        reloadAnswers();
    });
    connect(m_answer, qOverload<int>(&QComboBox::activated), this, [this](int index) {
        QJsonObject q = question();
        q.insert(kAnswer, index);
        setQuestion(q);
        // Arrow keys through the choices are one decision: one undo step.
        commit(tr("step %1 answer: %2").arg(m_step + 1).arg(m_answer->itemText(index)),
               QStringLiteral("lesson-answer:%1").arg(m_step));
    });
    connect(m_predictPlan, qOverload<int>(&QComboBox::activated), this, [this](int index) {
        QJsonObject q = question();
        q.insert(kPlan, m_predictPlan->itemText(index));
        setQuestion(q);
        commit(tr("step %1 predicts %2").arg(m_step + 1).arg(m_predictPlan->itemText(index)),
               QStringLiteral("lesson-predict-plan:%1").arg(m_step));
    });
    connect(m_tolerance, qOverload<double>(&QDoubleSpinBox::valueChanged), this, [this](double ms) {
        if (m_loading || m_step < 0)
            return;
        QJsonObject q = question();
        q.insert(kTolerance, ms);
        setQuestion(q);
        commit(tr("step %1 tolerance: %2 ms").arg(m_step + 1).arg(ms), QStringLiteral("lesson-tolerance:%1").arg(m_step));
    });
    connect(m_explain, &QPlainTextEdit::textChanged, this, [this] {
        if (m_loading || m_step < 0)
            return;
        QJsonObject q = question();
        if (m_explain->toPlainText().isEmpty())
            q.remove(kExplain);
        else
            q.insert(kExplain, m_explain->toPlainText());
        setQuestion(q);
        commit(tr("step %1 explanation").arg(m_step + 1), QStringLiteral("lesson-explain:%1").arg(m_step));
    });
    connect(m_play, &QPushButton::clicked, this, [this] { emit playRequested(std::max(0, m_step)); });

    // The document: a new file, an undo, a plan renamed or removed.
    connect(m_document, &ScenarioDocument::scenarioReplaced, this, [this] {
        m_step = 0;
        takeDocumentLesson();
    });
    connect(m_document, &ScenarioDocument::lessonChanged, this, &LessonEditor::followDocument);
    connect(m_document, &ScenarioDocument::structureChanged, this, &LessonEditor::followDocument);
    connect(m_document, &ScenarioDocument::planChanged, this, &LessonEditor::followDocument);
    m_step = 0;
    takeDocumentLesson();
}

QToolButton *LessonEditor::stepButton(const QString &text, const QString &toolTip, const QString &objectName)
{
    auto *made = new QToolButton(this);
    made->setText(text);
    made->setToolTip(toolTip);
    made->setAutoRaise(true);
    made->setObjectName(objectName);
    return made;
}

int LessonEditor::stepCount() const
{
    return int(m_draft.value(kSteps).toArray().size());
}

QString LessonEditor::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void LessonEditor::setCurrentStep(int step)
{
    if (stepCount() == 0)
        step = -1;
    else
        step = std::clamp(step, 0, stepCount() - 1);
    const bool changed = step != m_step;
    m_step = step;
    m_loading = true;
    if (m_steps->currentRow() != step)
        m_steps->setCurrentRow(step);
    reloadStep();
    m_loading = false;
    if (changed)
        emit currentStepChanged(step);
}

QJsonObject LessonEditor::stepAt(int step) const
{
    return m_draft.value(kSteps).toArray().at(step).toObject();
}

QJsonObject LessonEditor::question() const
{
    return m_step < 0 ? QJsonObject() : stepAt(m_step).value(kQuestion).toObject();
}

void LessonEditor::setStep(int step, const QJsonObject &json)
{
    QJsonArray steps = m_draft.value(kSteps).toArray();
    steps[step] = json;
    m_draft.insert(kSteps, steps);
}

void LessonEditor::setQuestion(const QJsonObject &json)
{
    QJsonObject step = stepAt(m_step);
    if (json.isEmpty())
        step.remove(kQuestion);
    else
        step.insert(kQuestion, json);
    setStep(m_step, step);
}

QString LessonEditor::stepName(int step) const
{
    const QJsonObject json = stepAt(step);
    const QString firstLine = json.value(kText).toString().section(QLatin1Char('\n'), 0, 0).simplified();
    QString kind;
    switch (kindOf(json.value(kQuestion).toObject())) {
    case NoQuestion: break;
    case Choice: kind = tr(" (choice)"); break;
    case Predict: kind = tr(" (predict)"); break;
    case Exercise: kind = tr(" (exercise)"); break;
    }
    return tr("%1%2: %3").arg(step + 1).arg(kind, firstLine);
}

bool LessonEditor::commit(const QString &what, const QString &mergeKey)
{
    if (m_loading)
        return false;
    // Set before the push: the document's lessonChanged comes back during it.
    const QJsonObject previous = m_documentLesson;
    m_documentLesson = m_draft;
    QString error;
    if (!m_document->setLesson(m_draft, what, mergeKey, &error)) {
        m_documentLesson = previous;
        showError(error);
        return false;
    }
    showError({});
    m_play->setEnabled(!m_documentLesson.isEmpty());
    return true;
}

void LessonEditor::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

void LessonEditor::followDocument()
{
    const Scenario &scenario = m_document->scenario();
    if (scenario.lesson != m_documentLesson) {
        takeDocumentLesson();
    } else if (scenario.planNames() != m_planNames) {
        m_planNames = scenario.planNames();
        m_loading = true;
        reloadStep();
        m_loading = false;
    }
}

void LessonEditor::takeDocumentLesson()
{
    m_documentLesson = m_document->scenario().lesson;
    m_draft = m_documentLesson;
    m_planNames = m_document->scenario().planNames();
    showError({});
    reloadAll();
}

void LessonEditor::reloadAll()
{
    m_loading = true;
    const bool hasLesson = stepCount() > 0;
    m_title->setEnabled(hasLesson);
    setTextIfDifferent(m_title, m_draft.value(kTitle).toString());
    reloadStepList();
    m_step = hasLesson ? std::clamp(m_step, 0, stepCount() - 1) : -1;
    m_steps->setCurrentRow(m_step);
    reloadStep();
    m_loading = false;
}

void LessonEditor::reloadStepList()
{
    const int count = stepCount();
    while (m_steps->count() > count)
        delete m_steps->takeItem(m_steps->count() - 1);
    for (int i = 0; i < count; ++i) {
        if (i >= m_steps->count())
            m_steps->addItem(QString());
        m_steps->item(i)->setText(stepName(i));
        m_steps->item(i)->setToolTip(stepAt(i).value(kText).toString());
    }
    m_steps->setVisible(count > 0);
    m_empty->setVisible(count == 0);
}

QStringList LessonEditor::stepPlanNames() const
{
    const QStringList named = m_step < 0 ? QStringList() : strings(stepAt(m_step).value(kPlans));
    return named.isEmpty() ? m_planNames : named;
}

void LessonEditor::reloadStep()
{
    const bool valid = m_step >= 0 && m_step < stepCount();
    m_stepBox->setVisible(valid);
    m_duplicate->setEnabled(valid);
    m_remove->setEnabled(valid);
    m_up->setEnabled(valid && m_step > 0);
    m_down->setEnabled(valid && m_step + 1 < stepCount());
    m_play->setEnabled(!m_document->scenario().lesson.isEmpty());
    if (!valid)
        return;
    const QJsonObject step = stepAt(m_step);
    if (QListWidgetItem *item = m_steps->item(m_step))
        item->setText(stepName(m_step));
    setTextIfDifferent(m_text, step.value(kText).toString());

    const QStringList shown = strings(step.value(kPlans));
    m_plans->clear();
    for (const QString &name : std::as_const(m_planNames)) {
        auto *item = new QListWidgetItem(name, m_plans);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(shown.contains(name) ? Qt::Checked : Qt::Unchecked);
    }
    m_plans->setFixedHeight(m_plans->sizeHintForRow(0) * int(std::clamp<qsizetype>(m_planNames.size(), 1, 6)) + 6);

    const QJsonObject q = step.value(kQuestion).toObject();
    const QuestionKind kind = kindOf(q);
    m_kind->setCurrentIndex(kind);
    // An exercise is written in the file (its code and conditions): offered only to the step that has one.
    if (auto *model = qobject_cast<QStandardItemModel *>(m_kind->model()))
        model->item(Exercise)->setEnabled(kind == Exercise);
    m_stepForm->setRowVisible(m_prompt, kind != NoQuestion);
    m_stepForm->setRowVisible(m_explain, kind != NoQuestion);
    m_stepForm->setRowVisible(m_choices, kind == Choice);
    m_stepForm->setRowVisible(m_answer, kind == Choice);
    m_stepForm->setRowVisible(m_predictPlan, kind == Predict);
    m_stepForm->setRowVisible(m_tolerance, kind == Predict);
    m_stepForm->setRowVisible(m_exerciseNote, kind == Exercise);
    setTextIfDifferent(m_prompt, q.value(kPrompt).toString());
    setTextIfDifferent(m_explain, q.value(kExplain).toString());
    if (kind == Choice) {
        if (choiceLines(m_choices->toPlainText()) != strings(q.value(kChoices)))
            m_choices->setPlainText(strings(q.value(kChoices)).join(QLatin1Char('\n')));
        reloadAnswers();
    } else if (kind == Predict) {
        reloadPlanChoices();
        m_tolerance->setValue(q.value(kTolerance).toDouble(LessonQuestion::kDefaultToleranceMs));
    } else if (kind == Exercise) {
        m_exerciseNote->setText(tr("This exercise's starter code, solution and %n condition(s) stay as written in "
                                   "the scenario file; there is no exercise code editor here yet.",
                                   nullptr, int(q.value(kConditions).toArray().size())));
    }
}

void LessonEditor::reloadPlanChoices()
{
    const QString plan = question().value(kPlan).toString();
    m_predictPlan->clear();
    m_predictPlan->addItems(stepPlanNames());
    m_predictPlan->setCurrentIndex(m_predictPlan->findText(plan));
}

void LessonEditor::reloadAnswers()
{
    const QJsonObject q = question();
    m_answer->clear();
    m_answer->addItems(strings(q.value(kChoices)));
    m_answer->setCurrentIndex(q.value(kAnswer).toInt());
}

void LessonEditor::setQuestionKind(QuestionKind kind)
{
    if (m_step < 0)
        return;
    const QJsonObject old = question();
    const QuestionKind oldKind = kindOf(old);
    if (kind == oldKind || kind == Exercise) {
        m_kind->setCurrentIndex(oldKind); // an exercise is not made here (see the header)
        return;
    }
    QJsonObject q;
    const QStringList plans = stepPlanNames();
    if (kind == Choice) {
        q.insert(kKind, QStringLiteral("choice"));
        const bool compare = plans.size() >= 2;
        q.insert(kPrompt, compare ? tr("Which plan settles first?") : tr("Does it fulfil?"));
        q.insert(kChoices, QJsonArray::fromStringList(compare ? plans : QStringList{tr("yes"), tr("no")}));
        q.insert(kAnswer, 0);
    } else if (kind == Predict) {
        const QString oldPlan = old.value(kPlan).toString();
        const QString plan = plans.contains(oldPlan) ? oldPlan : plans.value(0);
        q.insert(kKind, QStringLiteral("predict"));
        q.insert(kPrompt, tr("When does %1 settle?").arg(plan));
        q.insert(kPlan, plan);
    }
    // What the teacher wrote for the class stays: the prompt (unless it is one this editor wrote) and the explanation.
    if (kind != NoQuestion && oldKind != NoQuestion) {
        const QString oldPrompt = old.value(kPrompt).toString();
        const QStringList defaults{tr("Which plan settles first?"), tr("Does it fulfil?"),
                                   tr("When does %1 settle?").arg(old.value(kPlan).toString())};
        if (!oldPrompt.trimmed().isEmpty() && !defaults.contains(oldPrompt))
            q.insert(kPrompt, oldPrompt);
        if (old.contains(kExplain))
            q.insert(kExplain, old.value(kExplain));
    }
    setQuestion(q);
    static const char *const names[] = {"none", "choice", "predict", "exercise"};
    commit(tr("step %1 question: %2").arg(m_step + 1).arg(QLatin1String(names[kind])));
    m_loading = true;
    reloadStep();
    m_loading = false;
}

void LessonEditor::addStep()
{
    QJsonArray steps = m_draft.value(kSteps).toArray();
    const int at = m_step < 0 ? int(steps.size()) : m_step + 1;
    steps.insert(at, QJsonObject{{kText, tr("Step %1: what should the class notice?").arg(at + 1)}});
    m_draft.insert(kSteps, steps);
    m_step = at;
    commit(tr("add step %1").arg(at + 1));
    reloadAll();
    emit currentStepChanged(m_step);
    m_text->setFocus();
    m_text->selectAll(); // typing replaces the placeholder sentence
}

void LessonEditor::duplicateStep()
{
    if (m_step < 0)
        return;
    QJsonArray steps = m_draft.value(kSteps).toArray();
    steps.insert(m_step + 1, steps.at(m_step));
    m_draft.insert(kSteps, steps);
    commit(tr("duplicate step %1").arg(m_step + 1));
    ++m_step;
    reloadAll();
    emit currentStepChanged(m_step);
}

void LessonEditor::removeStep()
{
    if (m_step < 0)
        return;
    QJsonArray steps = m_draft.value(kSteps).toArray();
    const int removed = m_step;
    steps.removeAt(removed);
    if (steps.isEmpty())
        m_draft = QJsonObject(); // a lesson needs a step: the last one takes the lesson with it
    else
        m_draft.insert(kSteps, steps);
    commit(steps.isEmpty() ? tr("remove step 1 and the lesson") : tr("remove step %1").arg(removed + 1));
    m_step = std::min(removed, int(steps.size()) - 1);
    reloadAll();
    emit currentStepChanged(m_step);
}

void LessonEditor::moveStep(int delta)
{
    const int to = m_step + delta;
    if (m_step < 0 || to < 0 || to >= stepCount())
        return;
    QJsonArray steps = m_draft.value(kSteps).toArray();
    const QJsonValue moved = steps.at(m_step);
    steps.removeAt(m_step);
    steps.insert(to, moved);
    m_draft.insert(kSteps, steps);
    commit(delta < 0 ? tr("move step %1 up").arg(m_step + 1) : tr("move step %1 down").arg(m_step + 1));
    m_step = to;
    reloadAll();
    emit currentStepChanged(m_step);
}

} // namespace asyncscope
