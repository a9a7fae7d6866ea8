using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Storage;

/// <summary>
/// Tables and columns are named in snake_case on both engines, so hand-written SQL (full-text search,
/// bulk COPY) reads the same on SQLite and PostgreSQL and needs no quoting.
/// </summary>
internal static class Naming
{
    public static string Snake(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                {
                    builder.Append('_');
                }
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    public static void ApplySnakeCase(ModelBuilder model)
    {
        foreach (var entity in model.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(Snake(property.Name));
            }
            foreach (var key in entity.GetKeys())
            {
                key.SetName(Snake(key.GetName() ?? key.GetDefaultName()!));
            }
            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName(Snake(index.GetDatabaseName() ?? index.GetDefaultDatabaseName()!));
            }
            foreach (var foreignKey in entity.GetForeignKeys())
            {
                foreignKey.SetConstraintName(Snake(foreignKey.GetConstraintName() ?? foreignKey.GetDefaultName()!));
            }
        }
    }
}
