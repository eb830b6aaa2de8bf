using BranchBot.Core.Study;

namespace BranchBot.Tests.Study;

public sealed class AnswerCheckerTests
{
    private static readonly Question Single = new("q1", QuestionType.Single, "预备期为（ ）。", ["六个月", "一年", "两年", "三年"], "B", "", "党章", 1);
    private static readonly Question Multiple = new("q2", QuestionType.Multiple, "属于三会一课的有（ ）。", ["支部党员大会", "年终总结会", "党小组会", "座谈会", "党课"], "ACE", "", "三会一课", 1);
    private static readonly Question True = new("q3", QuestionType.TrueFalse, "预备党员没有表决权。", [], "对", "", "党章", 1);
    private static readonly Question False = new("q4", QuestionType.TrueFalse, "党费可以发福利。", [], "错", "", "廉洁纪律", 1);
    private static readonly Question FillIn = new("q5", QuestionType.FillIn, "预备期为____年。", [], "一|1|One Year", "", "党章", 1);

    [Theory]
    [InlineData("B")]
    [InlineData("b")]
    [InlineData(" B ")]
    [InlineData("Ｂ")]
    [InlineData("ｂ")]
    [InlineData("B.")]
    [InlineData("B。")]
    [InlineData("B，")]
    [InlineData("、B")]
    [InlineData("Ｂ．")]
    public void Check_SingleCorrectForms_AreCorrect(string input)
    {
        Assert.Equal(AnswerVerdict.Correct, AnswerChecker.Check(Single, input));
    }

    [Theory]
    [InlineData("A")]
    [InlineData("d")]
    [InlineData("Ｃ")]
    public void Check_SingleOtherOption_IsWrong(string input)
    {
        Assert.Equal(AnswerVerdict.Wrong, AnswerChecker.Check(Single, input));
    }

    [Theory]
    [InlineData("AB")]
    [InlineData("A B")]
    [InlineData("BB")]
    [InlineData("E")]
    [InlineData("Z")]
    [InlineData("你好")]
    [InlineData("B你好")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("。")]
    [InlineData("2")]
    public void Check_SingleNotOneExistingLetter_IsUnrecognised(string input)
    {
        Assert.Equal(AnswerVerdict.Unrecognised, AnswerChecker.Check(Single, input));
    }

    [Theory]
    [InlineData("ACE")]
    [InlineData("ace")]
    [InlineData("ECA")]
    [InlineData("A C E")]
    [InlineData("A,C,E")]
    [InlineData("A、C、E")]
    [InlineData("a，c，e")]
    [InlineData("ＡＣＥ")]
    [InlineData(" A C, e。")]
    [InlineData("AACE")]
    public void Check_MultipleSameSet_IsCorrect(string input)
    {
        Assert.Equal(AnswerVerdict.Correct, AnswerChecker.Check(Multiple, input));
    }

    [Theory]
    [InlineData("AC")]
    [InlineData("A")]
    [InlineData("ABCE")]
    [InlineData("B、D")]
    public void Check_MultipleOtherSet_IsWrong(string input)
    {
        Assert.Equal(AnswerVerdict.Wrong, AnswerChecker.Check(Multiple, input));
    }

    [Theory]
    [InlineData("ACF")]
    [InlineData("AC和E")]
    [InlineData("A C 1")]
    [InlineData("")]
    [InlineData("、")]
    [InlineData("对")]
    public void Check_MultipleWithOtherText_IsUnrecognised(string input)
    {
        Assert.Equal(AnswerVerdict.Unrecognised, AnswerChecker.Check(Multiple, input));
    }

    [Theory]
    [InlineData("对")]
    [InlineData("√")]
    [InlineData("✓")]
    [InlineData("正确")]
    [InlineData("是")]
    [InlineData("T")]
    [InlineData("t")]
    [InlineData("Y")]
    [InlineData("y")]
    [InlineData("true")]
    [InlineData("TRUE")]
    [InlineData("Ｔ")]
    [InlineData(" 对 ")]
    public void Check_TrueForms_MatchTrue(string input)
    {
        Assert.Equal(AnswerVerdict.Correct, AnswerChecker.Check(True, input));
        Assert.Equal(AnswerVerdict.Wrong, AnswerChecker.Check(False, input));
    }

    [Theory]
    [InlineData("错")]
    [InlineData("×")]
    [InlineData("✗")]
    [InlineData("错误")]
    [InlineData("否")]
    [InlineData("F")]
    [InlineData("f")]
    [InlineData("N")]
    [InlineData("n")]
    [InlineData("false")]
    [InlineData("False")]
    public void Check_FalseForms_MatchFalse(string input)
    {
        Assert.Equal(AnswerVerdict.Correct, AnswerChecker.Check(False, input));
        Assert.Equal(AnswerVerdict.Wrong, AnswerChecker.Check(True, input));
    }

    [Theory]
    [InlineData("")]
    [InlineData("A")]
    [InlineData("不知道")]
    [InlineData("对错")]
    [InlineData("yes")]
    public void Check_TrueFalseOtherText_IsUnrecognised(string input)
    {
        Assert.Equal(AnswerVerdict.Unrecognised, AnswerChecker.Check(True, input));
    }

    [Theory]
    [InlineData("一")]
    [InlineData("1")]
    [InlineData("１")]
    [InlineData(" 一 。")]
    [InlineData("1!")]
    [InlineData("1！")]
    [InlineData("1.")]
    [InlineData("one year")]
    [InlineData("ONEYEAR")]
    [InlineData("One  Year！")]
    [InlineData("一年")]
    [InlineData("1年")]
    public void Check_FillInAnyAlternative_IsCorrect(string input)
    {
        Assert.Equal(AnswerVerdict.Correct, AnswerChecker.Check(FillIn, input));
    }

    [Theory]
    [InlineData("两")]
    [InlineData("两年")]
    [InlineData("年")]
    [InlineData("1|2")]
    public void Check_FillInOtherText_IsWrong(string input)
    {
        Assert.Equal(AnswerVerdict.Wrong, AnswerChecker.Check(FillIn, input));
    }

    [Theory]
    [InlineData("1935年1月召开的（ ）会议确立了毛泽东在党中央和红军的领导地位。", "遵义", "遵义会议", true)]
    [InlineData("1935年1月召开的（ ）会议确立了毛泽东在党中央和红军的领导地位。", "遵义", "遵义", true)]
    [InlineData("1935年1月召开的（ ）会议确立了毛泽东在党中央和红军的领导地位。", "遵义", "古田会议", false)]
    [InlineData("1927年8月1日，（ ）起义打响了武装反抗国民党反动派的第一枪。", "南昌", "南昌起义", true)]
    [InlineData("党的十八大于（ ）年11月召开。", "2012", "2012年", true)]
    [InlineData("党的十八大于（　）年11月召开。", "2012", "2012年11月", false)]
    public void Check_FillInWithTheWordsAfterTheBlank_ReadsTheBlank(string stem, string answer, string reply, bool correct)
    {
        var question = new Question("q", QuestionType.FillIn, stem, [], answer, "", "党史", 1);
        Assert.Equal(correct ? AnswerVerdict.Correct : AnswerVerdict.Wrong, AnswerChecker.Check(question, reply));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("　")]
    [InlineData("。")]
    public void Check_FillInEmpty_IsUnrecognised(string input)
    {
        Assert.Equal(AnswerVerdict.Unrecognised, AnswerChecker.Check(FillIn, input));
    }

    [Fact]
    public void DescribeAnswer_EachType_ShowsTheAnswerReadably()
    {
        Assert.Equal("B. 一年", AnswerChecker.DescribeAnswer(Single));
        Assert.Equal("A、C、E（支部党员大会；党小组会；党课）", AnswerChecker.DescribeAnswer(Multiple));
        Assert.Equal("对", AnswerChecker.DescribeAnswer(True));
        Assert.Equal("错", AnswerChecker.DescribeAnswer(False));
        Assert.Equal("一", AnswerChecker.DescribeAnswer(FillIn));
    }
}
