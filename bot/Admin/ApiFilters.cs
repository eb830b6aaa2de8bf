using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using BranchBot.Core.Common;
using Microsoft.AspNetCore.Authorization;

namespace BranchBot.Bot.Admin;

/// <summary>A request naming the branch it is about (a meeting or room to create): checked against the caller's scope.</summary>
internal interface IBranchScoped
{
    string? BranchId { get; }
}

/// <summary>
/// Filters every <c>/api</c> endpoint gets, built once per endpoint from its handler's parameters: the branch a request
/// names (a <c>branchId</c> query value or an <see cref="IBranchScoped"/> body) must be within the caller's scope; then
/// the DataAnnotations on parameters and request records are checked, each failure named by its JSON property.
/// </summary>
internal static class ApiFilters
{
    public static EndpointFilterDelegate BranchScope(EndpointFilterFactoryContext factory, EndpointFilterDelegate next)
    {
        var parameters = factory.MethodInfo.GetParameters();
        var indexes = Enumerable.Range(0, parameters.Length)
            .Where(i => (parameters[i].Name == "branchId" && parameters[i].ParameterType == typeof(string)) || typeof(IBranchScoped).IsAssignableFrom(parameters[i].ParameterType))
            .ToArray();
        if (indexes.Length == 0)
        {
            return next;
        }

        return async context =>
        {
            var authorization = context.HttpContext.RequestServices.GetRequiredService<IAuthorizationService>();
            foreach (var i in indexes)
            {
                var branch = context.Arguments[i] switch
                {
                    string id => id,
                    IBranchScoped scoped => scoped.BranchId,
                    _ => null,
                };
                if (!string.IsNullOrWhiteSpace(branch) &&
                    !(await authorization.AuthorizeAsync(context.HttpContext.User, new BranchScope(branch.Trim()), InScopeRequirement.Instance)).Succeeded)
                {
                    return ApiProblems.Forbidden();
                }
            }

            return await next(context);
        };
    }

    public static EndpointFilterDelegate Validation(EndpointFilterFactoryContext factory, EndpointFilterDelegate next)
    {
        var parameters = factory.MethodInfo.GetParameters();
        var simple = parameters.Select((p, i) => (Index: i, p.Name, Attributes: p.GetCustomAttributes<ValidationAttribute>().ToArray()))
            .Where(p => p.Attributes.Length > 0).ToArray();
        var records = parameters.Select((p, i) => (Index: i, p.ParameterType))
            .Where(p => p.ParameterType.IsClass && p.ParameterType.GetProperties().Any(q => q.IsDefined(typeof(ValidationAttribute)))).Select(p => p.Index).ToArray();
        if (simple.Length == 0 && records.Length == 0)
        {
            return next;
        }

        return async context =>
        {
            var errors = new List<FieldError>();
            foreach (var (index, name, attributes) in simple)
            {
                var value = context.Arguments[index];
                errors.AddRange(attributes.Where(a => !a.IsValid(value)).Select(a => new FieldError(name!, a.FormatErrorMessage(name!))));
            }

            foreach (var index in records)
            {
                if (context.Arguments[index] is { } value)
                {
                    var results = new List<ValidationResult>();
                    Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true);
                    errors.AddRange(results.SelectMany(r => r.MemberNames.DefaultIfEmpty(string.Empty)
                        .Select(m => new FieldError(JsonNamingPolicy.CamelCase.ConvertName(m), r.ErrorMessage ?? "格式有误"))));
                }
            }

            return errors.Count > 0 ? ApiProblems.Invalid(errors) : await next(context);
        };
    }
}
