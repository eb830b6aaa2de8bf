using System.Globalization;
using BranchBot.Core.Conversations;
using BranchBot.Core.Messaging;

namespace BranchBot.Core.Study;

/// <summary>错题: redo missed questions; a question leaves the book after enough right answers in a row. No points.</summary>
public sealed class WrongBookFeature(QuestionBankCache bank, IStudyStore study, QuizOptions options) : IConversationFeature
{
    public const string FlowName = "wrongbook";

    public string Name => FlowName;

    public IReadOnlyList<CommandSpec> Commands { get; } = [new("错题", "复习答错过的题", ["错题本"], "QUIZ_WRONG")];

    public async ValueTask<TurnResult> StartAsync(Turn turn, CommandInvocation command, CancellationToken cancellationToken)
    {
        var book = await study.GetWrongBookAsync(turn.Member!.MemberId, cancellationToken);
        var current = bank.Current;
        var picks = book.Keys.Order(StringComparer.Ordinal).Select(current.Find).OfType<Question>().Take(options.SetSize).ToArray();
        if (picks.Length == 0)
        {
            return new TurnResult(Reply.Text(QuizTexts.BookEmpty), turn.Session);
        }

        var session = StudyFlows.Review.Write(new ReviewState(picks.Select(q => q.Id).ToArray(), 0, 0));
        var intro = string.Format(CultureInfo.InvariantCulture, QuizTexts.BookIntro, picks.Length, options.WrongBookLeaveAfter);
        return new TurnResult(Reply.Text(intro + "\n\n" + QuestionFormat.Render(picks[0], $"错题 1/{picks.Length}")), session);
    }

    public async ValueTask<TurnResult> ContinueAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.Text is null || turn.Member is null)
        {
            return TurnResult.Declined;
        }

        if (StudyFlows.Review.Read(turn.Session) is not { } set)
        {
            return FlowRestart.Reply("错题");
        }

        if (set.Current(bank.Current) is not { } question)
        {
            return new TurnResult(Reply.Text(QuizTexts.SetGone), turn.Session.End());
        }

        var right = new WrongBookChange(question.Id, WrongBookOp.Right, options.WrongBookLeaveAfter);
        var wrong = new WrongBookChange(question.Id, WrongBookOp.Add, options.WrongBookLeaveAfter);
        var answered = await AnswerStep.AnswerAsync(study, turn, question, null, right, wrong, cancellationToken);
        if (answered is null)
        {
            return TurnResult.DeclineWith(QuestionFormat.Hint(question));
        }

        var correct = set.Correct + (answered.Correct ? 1 : 0);
        var text = answered.Text + (answered.LeftBook ? QuizTexts.BookLeft : string.Empty);
        if (set.Next(bank.Current) is { } next)
        {
            var index = set.Index + 1;
            var session = StudyFlows.Review.Write(set with { Index = index, Correct = correct });
            return new TurnResult(Reply.Text(text + "\n\n" + QuestionFormat.Render(next, $"错题 {index + 1}/{set.Ids.Count}")), session);
        }

        var left = (await study.GetWrongBookAsync(turn.Member.MemberId, cancellationToken)).Count;
        var done = string.Format(CultureInfo.InvariantCulture, QuizTexts.BookDone, correct, set.Ids.Count, left);
        return new TurnResult(Reply.Text(text + "\n\n" + done), turn.Session.End());
    }
}
