using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Issue17Reports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "FirstResponseBreached",
                table: "Service_Cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "FirstResponseBusinessMinutes",
                table: "Service_Cases",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ResolutionBreached",
                table: "Service_Cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "ResolutionBusinessMinutes",
                table: "Service_Cases",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "SlaBreachedAtUtc",
                table: "Service_Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_FirstRespondedAtUtc",
                table: "Service_Cases",
                column: "FirstRespondedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_ResolvedAtUtc",
                table: "Service_Cases",
                column: "ResolvedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_SlaBreachedAtUtc",
                table: "Service_Cases",
                column: "SlaBreachedAtUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_FirstRespondedAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_ResolvedAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_SlaBreachedAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "FirstResponseBreached",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "FirstResponseBusinessMinutes",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "ResolutionBreached",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "ResolutionBusinessMinutes",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "SlaBreachedAtUtc",
                table: "Service_Cases");
        }
    }
}
