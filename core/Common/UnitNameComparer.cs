namespace BranchBot.Core.Common;

/// <summary>
/// Orders unit names as people number them: 第二党支部 before 第十党支部 and 第三党支部 (ordinal order puts 三 before 二).
/// Runs of Chinese numerals (一 to 九, 十, 百, 〇/零) and of ASCII digits compare by value; everything else ordinally.
/// </summary>
public sealed class UnitNameComparer : IComparer<string>
{
    public static UnitNameComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (IsNumeral(x[i]) && IsNumeral(y[j]))
            {
                var (a, nextI) = ReadNumber(x, i);
                var (b, nextJ) = ReadNumber(y, j);
                if (a != b)
                {
                    return a.CompareTo(b);
                }

                (i, j) = (nextI, nextJ);
                continue;
            }

            if (x[i] != y[j])
            {
                return x[i].CompareTo(y[j]);
            }

            i++;
            j++;
        }

        var rest = (x.Length - i).CompareTo(y.Length - j);
        return rest != 0 ? rest : string.CompareOrdinal(x, y);
    }

    private static bool IsNumeral(char c) => char.IsAsciiDigit(c) || Digit(c) >= 0 || c is '十' or '百';

    private static int Digit(char c) => c switch
    {
        '〇' or '零' => 0,
        '一' => 1,
        '二' or '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => char.IsAsciiDigit(c) ? c - '0' : -1,
    };

    /// <summary>The value of the numeral run at <paramref name="start"/> (十一 = 11, 二十三 = 23, 一百零五 = 105, 12 = 12).</summary>
    private static (long Value, int Next) ReadNumber(string s, int start)
    {
        long total = 0, current = 0;
        var i = start;
        var ascii = char.IsAsciiDigit(s[i]);
        for (; i < s.Length && IsNumeral(s[i]) && char.IsAsciiDigit(s[i]) == ascii && i - start < 18; i++)
        {
            var c = s[i];
            if (ascii)
            {
                total = total * 10 + (c - '0');
            }
            else if (c == '十' || c == '百')
            {
                var unit = c == '十' ? 10 : 100;
                total += (current == 0 ? 1 : current) * unit;
                current = 0;
            }
            else
            {
                current = current * 10 + Digit(c);
            }
        }

        return (total + current, i);
    }
}
