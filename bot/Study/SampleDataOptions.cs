namespace BranchBot.Bot.Study;

/// <summary>The shipped sample question bank and demo roster. Section <c>SampleData</c>.</summary>
internal sealed class SampleDataOptions
{
    public const string Section = "SampleData";

    /// <summary>Load the samples into an empty store at start. Unset: only with the embedded store.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Question bank loaded when the bank is empty (relative paths are under the bot's folder).</summary>
    public string QuestionsPath { get; set; } = "SampleData/questions.json";

    /// <summary>Demo roster (fictional members, marked 示例) loaded when no member exists.</summary>
    public string RosterPath { get; set; } = "SampleData/roster.sample.csv";
}
