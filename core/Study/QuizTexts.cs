namespace BranchBot.Core.Study;

/// <summary>The study quiz's replies to members.</summary>
internal static class QuizTexts
{
    public const string EmptyBank = "题库里还没有题目，请联系管理员导入题库。";
    public const string DailyIntro = "📖 每日答题开始！本组 {0} 题，答对 1 题得 {1} 分（每日上限 {2} 分）。";
    public const string DailyDone = "🎉 本组结束：答对 {0}/{1} 题，获得 {2} 分。\n发送「再来一组」继续，「积分」查看积分，「错题」复习错题。";
    public const string TopicList = "📚 专项答题：请选择分类，发送「专项 分类名」开始。";
    public const string TopicHow = "例如：专项 党史";
    public const string TopicUnknown = "题库中没有「{0}」分类。可选分类：{1}。";
    public const string TopicIntro = "📚 专项答题（{0}）开始！本组 {1} 题，答对 1 题得 {2} 分（专项每日上限 {3} 分）。";
    public const string TopicDone = "🎉 本组结束：答对 {0}/{1} 题，获得 {2} 分。\n发送「专项」选择分类继续练习，「积分」查看积分。";
    public const string CapReached = "（今日答题积分已达上限，继续练习不再加分）";
    public const string SetGone = "这组题已经结束了。发送「答题」开始新的一组吧。";
    public const string Expired = "现在没有进行中的答题（超过 30 分钟未作答的题组会自动结束）。发送「答题」开始新的一组吧。";
    public const string ChallengeIntro = "🏆 挑战答题开始！一直答到答错为止：{0}。";
    public const string ChallengeClock = "每题限时 {0} 秒，从题目发出时起计算。";
    public const string ChallengeTimeLeft = "\n⏱ 用时 {0} 秒，剩余 {1} 秒";
    public const string ChallengeLate = "⏰ 本题限时 {0} 秒，您用时 {1} 秒，已超时，按答错计。正确答案：{2}";
    public const string ChallengeTier = "连续答对 {0} 题共得 {1} 分";
    public const string ChallengeOver = "挑战结束：连续答对 {0} 题，本次获得 {1} 分。\n发送「挑战」再来一次，「错题」复习错题。";
    public const string ChallengeAllDone = "🎉 太厉害了，连续答对 {0} 题，本次获得 {1} 分！题目都被您答完了。";
    public const string BookEmpty = "错题本是空的，继续保持！发送「答题」开始每日答题。";
    public const string BookIntro = "📕 错题练习：本次 {0} 题。同一题连续答对 {1} 次后移出错题本（不计积分）。";
    public const string BookLeft = "（已移出错题本）";
    public const string BookDone = "错题练习结束：答对 {0}/{1} 题。错题本还剩 {2} 题。";
}
