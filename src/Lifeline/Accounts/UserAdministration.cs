using System.Security.Cryptography;
using Lifeline.Core.Access;
using Lifeline.Core.Common;
using Lifeline.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Accounts;

/// <summary>An account as <c>lifeline users list</c> shows it.</summary>
internal sealed record UserSummary(string Email, string Name, IReadOnlyList<string> Roles, bool Disabled, bool LockedOut, bool MustChangePassword);

/// <summary>
/// Accounts, managed from the command line: add (with a one-time password), list, disable, reset. The first
/// admin is made this way; there is no sign-up page.
/// </summary>
internal sealed class UserAdministration(UserManager<LifelineUser> users, LifelineDbContext db, TimeProvider clock, TokenChecks? tokenChecks = null)
{
    public sealed record Result(string? Password, ValidationErrors Errors);

    public static (IReadOnlyList<Role> Roles, ValidationErrors Errors) ParseRoles(IEnumerable<string> names)
    {
        var errors = new ValidationErrors();
        var roles = new List<Role>();
        foreach (var name in names.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (KebabCase.Parse<Role>(name.ToLowerInvariant()) is { } role)
            {
                roles.Add(role);
            }
            else
            {
                errors.Add("role", $"'{name}' is not a role: use {KebabCase.Choices<Role>()}");
            }
        }
        if (roles.Count == 0 && errors.IsEmpty)
        {
            errors.Add("role", $"at least one role is needed: {KebabCase.Choices<Role>()}");
        }
        return (roles, errors);
    }

    /// <param name="password">The password to set; null makes a one-time password, returned in the result.</param>
    public async Task<Result> Add(string email, string? name, IReadOnlyList<Role> roles, string? password)
    {
        var errors = new ValidationErrors();
        if (await users.FindByEmailAsync(email) is not null)
        {
            errors.Add("email", $"there is already an account '{email}'");
            return new Result(null, errors);
        }
        var oneTime = password is null;
        password ??= OneTimePassword();
        var user = new LifelineUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(name) ? email : name.Trim(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            MustChangePassword = oneTime,
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            foreach (var error in created.Errors)
            {
                errors.Add(error.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "email", error.Description);
            }
            return new Result(null, errors);
        }
        await users.AddToRolesAsync(user, roles.Select(Security.RoleName));
        Audit("add-account", user.Id, $"{email}: {string.Join(", ", roles.Select(Security.RoleName))}");
        return new Result(oneTime ? password : null, errors);
    }

    public async Task<IReadOnlyList<UserSummary>> List()
    {
        var list = new List<UserSummary>();
        foreach (var user in await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync())
        {
            var roles = await users.GetRolesAsync(user);
            list.Add(new UserSummary(user.Email ?? user.Id, user.DisplayName, roles.Order(StringComparer.Ordinal).ToList(), user.Disabled,
                !user.Disabled && user.LockoutEnd is { } end && end > clock.GetUtcNow(), user.MustChangePassword));
        }
        return list;
    }

    /// <summary>Disables an account: it can no longer sign in, its signed-in sessions end within a minute, its tokens stop working.</summary>
    public async Task<bool> Disable(string email)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            return false;
        }
        user.Disabled = true;
        await users.UpdateAsync(user);
        await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        await users.UpdateSecurityStampAsync(user);
        Audit("disable-account", user.Id, email);
        tokenChecks?.ForgetUser(user.Id);
        return true;
    }

    /// <summary>
    /// Registers the phone number an account's reports by SMS come from (E.164), or clears it (null): a number belongs
    /// to one account at most.
    /// </summary>
    public async Task<ValidationErrors> SetPhone(string email, string? number)
    {
        var errors = new ValidationErrors();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            errors.Add("email", $"there is no account '{email}'");
            return errors;
        }
        string? phone = null;
        if (number is not null)
        {
            phone = Sms.PhoneNumbers.Normalize(number);
            if (phone is null)
            {
                errors.Add("number", $"'{number}' is not a phone number: give it with its country code, e.g. +374 97 123456");
                return errors;
            }
            if (await db.Users.AnyAsync(u => u.PhoneNumber == phone && u.Id != user.Id))
            {
                errors.Add("number", $"{phone} is already registered to another account: a number belongs to one account");
                return errors;
            }
        }
        user.PhoneNumber = phone;
        user.PhoneNumberConfirmed = phone is not null;
        await users.UpdateAsync(user);
        Audit(phone is null ? "clear-phone" : "set-phone", user.Id, email);
        return errors;
    }

    /// <summary>Gives an account a new one-time password, unlocks and re-enables it.</summary>
    public async Task<Result> Reset(string email)
    {
        var errors = new ValidationErrors();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            errors.Add("email", $"there is no account '{email}'");
            return new Result(null, errors);
        }
        var password = OneTimePassword();
        await users.RemovePasswordAsync(user);
        await users.AddPasswordAsync(user, password);
        user.MustChangePassword = true;
        user.Disabled = false;
        await users.UpdateAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await users.UpdateSecurityStampAsync(user);
        Audit("reset-account", user.Id, email);
        tokenChecks?.ForgetUser(user.Id);
        return new Result(password, errors);
    }

    private void Audit(string action, string userId, string detail)
    {
        db.Audit.Add(new AuditRow
        {
            At = clock.GetUtcNow().UtcDateTime,
            UserName = $"command line ({Environment.UserName})",
            Action = action,
            RecordType = "account",
            RecordId = userId,
            Detail = detail,
        });
        db.SaveChanges();
    }

    /// <summary>Twenty characters from an alphabet without look-alikes (no 0/O, 1/l/I): about 100 bits.</summary>
    private static string OneTimePassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return string.Create(20, alphabet, (span, a) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = a[RandomNumberGenerator.GetInt32(a.Length)];
            }
        });
    }
}
