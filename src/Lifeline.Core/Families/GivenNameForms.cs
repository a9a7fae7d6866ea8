namespace Lifeline.Core.Families;

/// <summary>One row of the given-name table (data/names/given-names.tsv): a name and its short form or other form, with the page that says so.</summary>
public sealed record GivenNameRow(string Name, string Variant, GivenNameKind Kind, Script NameScript, Script VariantScript, string AsRead, string Source);

/// <summary>How the two names of a <see cref="GivenNameRow"/> are related.</summary>
public enum GivenNameKind
{
    /// <summary>The variant is a usual short form of the name (Саша of Александр).</summary>
    Diminutive,

    /// <summary>The two are forms of one name in different languages (Hovhannes and John).</summary>
    Equivalent,
}

/// <summary>How two given names are related through the table, read from the first to the second.</summary>
public enum GivenNameRelation
{
    None,

    /// <summary>Forms of one name (equivalents, directly or through other equivalents).</summary>
    SameName,

    /// <summary>The first is a short form of the second (or of a form of it).</summary>
    ShortForm,

    /// <summary>The second is a short form of the first.</summary>
    FullForm,

    /// <summary>Both are short forms of one name (Саша and Шура of Александр).</summary>
    ShortFormsOfOneName,
}

/// <summary>
/// Given names that are short forms or other forms of one another (data/names/given-names.tsv, each row with the page
/// that says so; data/names/SOURCES.md). Names are compared by their phonetic keys (<see cref="NameKeys"/>), so Саша and
/// Sasha meet the same row. Two full names are never related only because they share a
/// short form: Саша is a short form of Александр and of Александра, which says nothing of those two.
/// </summary>
public static class GivenNameForms
{
    private static readonly Table Loaded = Table.Load();

    /// <summary>The rows of the table, as published in data/names/given-names.tsv.</summary>
    public static IReadOnlyList<GivenNameRow> Rows => Loaded.Rows;

    /// <summary>The relation of two given-name keys through the table; <see cref="GivenNameRelation.None"/> for equal keys or names it does not know.</summary>
    public static GivenNameRelation Relation(string key, string other) => Loaded.Relation(key, other);

    /// <summary>The keys the table relates to <paramref name="key"/> (none when it does not know the name).</summary>
    public static IReadOnlyList<string> RelatedKeys(string key) => Loaded.Related.TryGetValue(key, out var keys) ? keys : [];

    /// <summary>Whether the table knows a name with this key.</summary>
    public static bool Knows(string key) => Loaded.Related.ContainsKey(key);

    /// <summary>The hosts of the pages behind the relation of the two keys, for a reason in words.</summary>
    public static IReadOnlyList<string> SourcesOf(string key, string other) => Loaded.SourcesOf(key, other);

    /// <summary>The phonetic key of a name as the table gives it (its script found from its letters).</summary>
    public static string KeyOf(string name) =>
        PersonName.From(NameRole.Given, name) is { } parsed ? NameKeys.Keys(parsed).FirstOrDefault() ?? "" : "";

    private sealed class Table
    {
        public required IReadOnlyList<GivenNameRow> Rows { get; init; }

        // Each key to the first key of its equivalence class (a key that has no equivalent is its own).
        public required Dictionary<string, string> Root { get; init; }

        // Each short form's key to the roots of the names it is a short form of.
        public required Dictionary<string, HashSet<string>> FullRoots { get; init; }

        public required Dictionary<string, string[]> Related { get; init; }

        private readonly List<(string Name, string Variant, string Host)> keyed = [];

        public static Table Load()
        {
            var rows = new List<GivenNameRow>();
            using (var reader = new StreamReader(RussianScheme.Resource("given-names.tsv")))
            {
                reader.ReadLine();
                while (reader.ReadLine() is { } line)
                {
                    var parts = line.Split('\t');
                    if (parts.Length != 7)
                    {
                        continue;
                    }
                    rows.Add(new GivenNameRow(parts[0], parts[1], Enum.Parse<GivenNameKind>(parts[2], ignoreCase: true),
                        Enum.Parse<Script>(parts[3]), Enum.Parse<Script>(parts[4]), parts[5], parts[6]));
                }
            }
            var table = new Table { Rows = rows, Root = new(StringComparer.Ordinal), FullRoots = new(StringComparer.Ordinal), Related = new(StringComparer.Ordinal) };
            foreach (var row in rows)
            {
                var (name, variant) = (KeyOf(row.Name), KeyOf(row.Variant));
                if (name.Length == 0 || variant.Length == 0 || name == variant)
                {
                    continue;
                }
                table.keyed.Add((name, variant, new Uri(row.Source).Host.Replace("www.", "", StringComparison.Ordinal)));
                table.Root.TryAdd(name, name);
                table.Root.TryAdd(variant, variant);
                if (row.Kind == GivenNameKind.Equivalent)
                {
                    var (a, b) = (table.Find(name), table.Find(variant));
                    if (a != b)
                    {
                        table.Root[b] = a;
                    }
                }
            }
            foreach (var key in table.Root.Keys.ToList())
            {
                table.Root[key] = table.Find(key);
            }
            foreach (var row in rows.Where(r => r.Kind == GivenNameKind.Diminutive))
            {
                var (name, variant) = (KeyOf(row.Name), KeyOf(row.Variant));
                if (name.Length > 0 && variant.Length > 0 && name != variant)
                {
                    if (!table.FullRoots.TryGetValue(variant, out var roots))
                    {
                        table.FullRoots[variant] = roots = new HashSet<string>(StringComparer.Ordinal);
                    }
                    roots.Add(table.Root[name]);
                }
            }
            var keys = table.Root.Keys.ToList();
            foreach (var key in keys)
            {
                table.Related[key] = keys.Where(other => table.Relation(key, other) != GivenNameRelation.None).ToArray();
            }
            return table;
        }

        private string Find(string key)
        {
            while (Root[key] != key)
            {
                key = Root[key];
            }
            return key;
        }

        public GivenNameRelation Relation(string key, string other)
        {
            if (key == other || !Root.TryGetValue(key, out var a) || !Root.TryGetValue(other, out var b))
            {
                return GivenNameRelation.None;
            }
            if (a == b)
            {
                return GivenNameRelation.SameName;
            }
            var shortOf = FullRoots.GetValueOrDefault(key);
            var otherShortOf = FullRoots.GetValueOrDefault(other);
            if (shortOf is not null && shortOf.Contains(b))
            {
                return GivenNameRelation.ShortForm;
            }
            if (otherShortOf is not null && otherShortOf.Contains(a))
            {
                return GivenNameRelation.FullForm;
            }
            return shortOf is not null && otherShortOf is not null && shortOf.Overlaps(otherShortOf) ? GivenNameRelation.ShortFormsOfOneName : GivenNameRelation.None;
        }

        /// <summary>The hosts of the rows whose two names both lie among the forms that relate the two keys.</summary>
        public IReadOnlyList<string> SourcesOf(string key, string other)
        {
            if (!Root.TryGetValue(key, out var a) || !Root.TryGetValue(other, out var b))
            {
                return [];
            }
            var roots = new HashSet<string>(StringComparer.Ordinal) { a, b };
            if (FullRoots.GetValueOrDefault(key) is { } k && FullRoots.GetValueOrDefault(other) is { } o)
            {
                roots.UnionWith(k.Intersect(o));
            }
            bool Within(string x) => x == key || x == other || roots.Contains(Root[x]);
            return keyed.Where(row => Within(row.Name) && Within(row.Variant)).Select(row => row.Host).Distinct().Order(StringComparer.Ordinal).ToList();
        }
    }
}
