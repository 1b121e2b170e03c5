// Lists the schema elements a reader of the API reference would find without a description.
import {
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
} from 'graphql';

export interface DescriptionCensus {
  /** Every type, field, argument, enum value and input field (introspection types excluded). */
  elements: number;
  /** The coordinates of those without a description, e.g. `Query.papers(first:)`. */
  undescribed: string[];
}

export function describeCensus(schema: GraphQLSchema): DescriptionCensus {
  const undescribed: string[] = [];
  let elements = 0;
  const check = (coordinate: string, description: string | null | undefined): void => {
    elements++;
    if (!description?.trim()) undescribed.push(coordinate);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    check(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name}:)`, arg.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    }
  }
  return { elements, undescribed };
}
