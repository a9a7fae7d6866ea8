using System.Globalization;
using Lifeline.Core.Situations;

namespace Lifeline.Core.Sms;

/// <summary>The language a report was written in, told by its keyword; the reply is in the same one.</summary>
public enum SmsLanguage
{
    English,
    Armenian,
    Russian,
}

/// <summary>A place as an SMS may name it: its id, or any of its names.</summary>
public sealed record SmsPlace(string Id, IReadOnlyList<string> Names);

/// <summary>What a report by SMS says, once read: an event of a type, at a place, on a day, in the sender's words.</summary>
public sealed record SmsEvent(string Type, Utility? Utility, string PlaceId, DateOnly Date, string Notes, SmsLanguage Language);

/// <summary>A report that could not be read, and why, in the sender's language.</summary>
public sealed record SmsProblem(string Why, SmsLanguage Language);

/// <summary>
/// The short syntax for reports sent by SMS when the internet is cut:
/// <c>KEYWORD [UTILITY] PLACE [DATE] [words]</c>, e.g. <c>CLOSED KORNIDZOR 2023-08-10 convoy of 19 trucks turned back</c>.
/// Keywords and utilities are taken in Latin, Armenian or Cyrillic letters, in any case; a place by its id or any of
/// its names (a name of several words may be written with them); the date as YYYY-MM-DD or DD.MM.YYYY, or left out for
/// the day the message arrived. The list is in docs/field.md, in the three languages.
/// </summary>
public static class SmsReport
{
    private sealed record Keyword(string Type, bool NeedsUtility);

    private static readonly Dictionary<string, (Keyword Keyword, SmsLanguage Language)> Keywords = Build(
        (new Keyword("corridor-closed", false), ["CLOSED"], ["ՓԱԿ", "ՓԱԿՎԱԾ"], ["ЗАКРЫТ", "ЗАКРЫТО"]),
        (new Keyword("corridor-reopened", false), ["OPEN"], ["ԲԱՑ", "ԲԱՑՎԱԾ"], ["ОТКРЫТ", "ОТКРЫТО"]),
        (new Keyword("corridor-humanitarian-only", false), ["HUMANITARIAN"], ["ՄԱՐԴԱՍԻՐԱԿԱՆ"], ["ГУМАНИТАРНЫЙ"]),
        (new Keyword("corridor-restricted", false), ["RESTRICTED"], ["ՍԱՀՄԱՆԱՓԱԿ"], ["ОГРАНИЧЕН", "ОГРАНИЧЕНО"]),
        (new Keyword("convoy-passed", false), ["CONVOY"], ["ԲԵՌՆԱՍՅՈՒՆ"], ["КОНВОЙ"]),
        (new Keyword("convoy-turned-back", false), ["TURNEDBACK", "STOPPED"], ["ՎԵՐԱԴԱՐՁՎԵԼ", "ԿԱՆԳՆԵՑՎԵԼ"], ["РАЗВЕРНУТ", "ОСТАНОВЛЕН"]),
        (new Keyword("medical-evacuation", false), ["EVACUATION"], ["ՏԱՐԱՀԱՆՈՒՄ"], ["ЭВАКУАЦИЯ"]),
        (new Keyword("utility-cut", true), ["CUT"], ["ԱՆՋԱՏՎԵԼ", "ԱՆՋԱՏՎԱԾ"], ["ОТКЛЮЧЕН", "ОТКЛЮЧЕНО"]),
        (new Keyword("utility-restored", true), ["RESTORED"], ["ՎԵՐԱԿԱՆԳՆՎԵԼ", "ՎԵՐԱԿԱՆԳՆՎԱԾ"], ["ВОССТАНОВЛЕН", "ВОССТАНОВЛЕНО"]));

    private static readonly Dictionary<string, Utility> Utilities = new(StringComparer.Ordinal)
    {
        ["GAS"] = Utility.Gas, ["ԳԱԶ"] = Utility.Gas, ["ГАЗ"] = Utility.Gas,
        ["POWER"] = Utility.Electricity, ["ELECTRICITY"] = Utility.Electricity, ["ՀՈՍԱՆՔ"] = Utility.Electricity,
        ["ԷԼԵԿՏՐԱԷՆԵՐԳԻԱ"] = Utility.Electricity, ["СВЕТ"] = Utility.Electricity, ["ЭЛЕКТРИЧЕСТВО"] = Utility.Electricity,
        ["INTERNET"] = Utility.Internet, ["ԻՆՏԵՐՆԵՏ"] = Utility.Internet, ["ИНТЕРНЕТ"] = Utility.Internet,
        ["WATER"] = Utility.Water, ["ՋՈՒՐ"] = Utility.Water, ["ВОДА"] = Utility.Water,
    };

    /// <summary>The keywords taken in <paramref name="language"/>, for replies and docs.</summary>
    public static IReadOnlyList<string> KeywordsIn(SmsLanguage language) =>
        Keywords.Where(k => k.Value.Language == language).Select(k => k.Key).ToList();

    private static Dictionary<string, (Keyword, SmsLanguage)> Build(params (Keyword Keyword, string[] English, string[] Armenian, string[] Russian)[] rows)
    {
        var all = new Dictionary<string, (Keyword, SmsLanguage)>(StringComparer.Ordinal);
        foreach (var (keyword, english, armenian, russian) in rows)
        {
            foreach (var word in english)
            {
                all.Add(word, (keyword, SmsLanguage.English));
            }
            foreach (var word in armenian)
            {
                all.Add(word, (keyword, SmsLanguage.Armenian));
            }
            foreach (var word in russian)
            {
                all.Add(word, (keyword, SmsLanguage.Russian));
            }
        }
        return all;
    }

    /// <summary>Upper case in any of the three scripts (Armenian has case too), Ё read as Е.</summary>
    private static string Fold(string word) => word.ToUpperInvariant().Replace('Ё', 'Е');

    /// <summary>Reads <paramref name="text"/>: an event, or what was not understood.</summary>
    /// <param name="received">The day the message arrived: the event's day when the message gives none.</param>
    public static OneOf Read(string? text, DateOnly received, IReadOnlyList<SmsPlace> places)
    {
        var words = (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return new SmsProblem(Texts.Empty, SmsLanguage.English);
        }
        if (!Keywords.TryGetValue(Fold(words[0]).TrimEnd(':', ',', '.'), out var found))
        {
            var language = LanguageOf(words[0]);
            return new SmsProblem(string.Format(CultureInfo.InvariantCulture, Texts.For(language).UnknownKeyword, words[0], string.Join(", ", KeywordsIn(language))), language);
        }
        var (keyword, lang) = found;
        var t = Texts.For(lang);
        var next = 1;
        Utility? utility = null;
        if (keyword.NeedsUtility)
        {
            if (words.Length <= next || !Utilities.TryGetValue(Fold(words[next]), out var u))
            {
                return new SmsProblem(string.Format(CultureInfo.InvariantCulture, t.NoUtility, words[0]), lang);
            }
            utility = u;
            next++;
        }
        if (words.Length <= next)
        {
            return new SmsProblem(t.NoPlace, lang);
        }
        // The longest run of words that names a place (names such as "Stepanakert airport" have several).
        SmsPlace? place = null;
        var placeWords = 0;
        for (var length = Math.Min(4, words.Length - next); length >= 1 && place is null; length--)
        {
            var name = Fold(string.Join(' ', words.Skip(next).Take(length)));
            place = places.FirstOrDefault(p => Fold(p.Id) == name || p.Names.Any(n => Fold(n) == name));
            placeWords = length;
        }
        if (place is null)
        {
            return new SmsProblem(string.Format(CultureInfo.InvariantCulture, t.UnknownPlace, words[next]), lang);
        }
        next += placeWords;
        var date = received;
        if (words.Length > next && LooksLikeDate(words[next]))
        {
            if (!TryDate(words[next], out date))
            {
                return new SmsProblem(string.Format(CultureInfo.InvariantCulture, t.BadDate, words[next]), lang);
            }
            if (date > received)
            {
                return new SmsProblem(string.Format(CultureInfo.InvariantCulture, t.FutureDate, words[next]), lang);
            }
            next++;
        }
        return new SmsEvent(keyword.Type, utility, place.Id, date, string.Join(' ', words.Skip(next)), lang);
    }

    private static bool LooksLikeDate(string word) => word.Length >= 8 && char.IsAsciiDigit(word[0]) && word.Count(char.IsAsciiDigit) >= 6;

    private static bool TryDate(string word, out DateOnly date) =>
        DateOnly.TryParseExact(word, ["yyyy-MM-dd", "dd.MM.yyyy", "d.M.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static SmsLanguage LanguageOf(string word) =>
        word.Any(c => c is >= '\u0531' and <= '\u058F') ? SmsLanguage.Armenian
        : word.Any(c => c is >= '\u0400' and <= '\u04FF') ? SmsLanguage.Russian
        : SmsLanguage.English;

    /// <summary>Either an event or a problem.</summary>
    public readonly record struct OneOf(SmsEvent? Event, SmsProblem? Problem)
    {
        public static implicit operator OneOf(SmsEvent value) => new(value, null);

        public static implicit operator OneOf(SmsProblem value) => new(null, value);
    }

    /// <summary>The replies, in the three languages.</summary>
    public sealed record Texts(string UnknownKeyword, string NoUtility, string NoPlace, string UnknownPlace, string BadDate, string FutureDate, string Recorded, string NotRecorded)
    {
        public const string Empty = "Empty message. Send: KEYWORD PLACE [YYYY-MM-DD] [words], e.g. CLOSED KORNIDZOR 2023-08-10 convoy turned back.";

        private static readonly Texts English = new(
            "Not understood: '{0}' is not a keyword. Start with one of: {1}. Then the place, the date (YYYY-MM-DD) if not today, and your words.",
            "Not understood: after {0} say what: GAS, POWER, INTERNET or WATER.",
            "Not understood: the place is missing. Send: KEYWORD PLACE [YYYY-MM-DD] [words].",
            "Not understood: no place is called '{0}'. Use the place's name or id.",
            "Not understood: '{0}' is not a date. Write it as YYYY-MM-DD or DD.MM.YYYY.",
            "Not understood: '{0}' is after today.",
            "Recorded for review: {0} at {1} on {2} (event {3}).",
            "Not recorded: {0}");

        private static readonly Texts Armenian = new(
            "Չհասկացվեց․ '{0}'-ը բանալի բառ չէ։ Սկսեք հետևյալներից մեկով՝ {1}։ Ապա՝ վայրը, ամսաթիվը (ՏՏՏՏ-ԱԱ-ՕՕ), եթե այսօր չէ, և ձեր խոսքերը։",
            "Չհասկացվեց․ {0}-ից հետո նշեք՝ ԳԱԶ, ՀՈՍԱՆՔ, ԻՆՏԵՐՆԵՏ կամ ՋՈՒՐ։",
            "Չհասկացվեց․ վայրը նշված չէ։ Ուղարկեք՝ ԲԱՆԱԼԻ ԲԱՌ ՎԱՅՐ [ՏՏՏՏ-ԱԱ-ՕՕ] [խոսքեր]։",
            "Չհասկացվեց․ '{0}' անունով վայր չկա։ Օգտագործեք վայրի անունը կամ նույնացուցիչը։",
            "Չհասկացվեց․ '{0}'-ը ամսաթիվ չէ։ Գրեք ՏՏՏՏ-ԱԱ-ՕՕ կամ ՕՕ.ԱԱ.ՏՏՏՏ ձևով։",
            "Չհասկացվեց․ '{0}'-ը այսօրվանից հետո է։",
            "Գրանցված է ստուգման համար՝ {0}, {1}, {2} (իրադարձություն {3})։",
            "Չի գրանցվել՝ {0}");

        private static readonly Texts Russian = new(
            "Не понято: '{0}' — не ключевое слово. Начните с одного из: {1}. Затем место, дату (ГГГГ-ММ-ДД), если не сегодня, и ваш текст.",
            "Не понято: после {0} укажите что: ГАЗ, СВЕТ, ИНТЕРНЕТ или ВОДА.",
            "Не понято: не указано место. Отправьте: КЛЮЧЕВОЕ СЛОВО МЕСТО [ГГГГ-ММ-ДД] [текст].",
            "Не понято: места '{0}' нет. Укажите название или идентификатор места.",
            "Не понято: '{0}' — не дата. Пишите ГГГГ-ММ-ДД или ДД.ММ.ГГГГ.",
            "Не понято: '{0}' — позже сегодняшнего дня.",
            "Записано для проверки: {0}, {1}, {2} (событие {3}).",
            "Не записано: {0}");

        public static Texts For(SmsLanguage language) => language switch
        {
            SmsLanguage.Armenian => Armenian,
            SmsLanguage.Russian => Russian,
            _ => English,
        };
    }
}
