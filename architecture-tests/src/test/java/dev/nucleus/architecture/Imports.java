package dev.nucleus.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;

/** Where the rules get their classes from. Imports are cached: they are the slow part. */
final class Imports {
    static final String PROJECT_ROOT = "dev.nucleus";
    static final String BAD_FIXTURES = "fixtures.hexagon.bad";
    static final String GOOD_FIXTURES = "fixtures.hexagon.good";

    private static JavaClasses project;
    private static JavaClasses bad;
    private static JavaClasses good;

    private Imports() {
    }

    /**
     * The production classes of every module, from the module jars (or target/classes
     * directories) on this module's test class path. Test classes, including these rules and
     * the fixtures, are excluded.
     */
    static synchronized JavaClasses project() {
        if (project == null) {
            project = new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .withImportOption(Imports::isNotAFixture)
                    .importPackages(PROJECT_ROOT);
        }
        return project;
    }

    static synchronized JavaClasses badFixtures() {
        if (bad == null) {
            bad = new ClassFileImporter().importPackages(BAD_FIXTURES);
        }
        return bad;
    }

    static synchronized JavaClasses goodFixtures() {
        if (good == null) {
            good = new ClassFileImporter().importPackages(GOOD_FIXTURES);
        }
        return good;
    }

    private static boolean isNotAFixture(Location location) {
        return !location.contains("/fixtures/hexagon/");
    }
}
