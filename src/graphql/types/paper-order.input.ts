import { Field, InputType } from 'type-graphql';
import { OrderDirection, PaperOrderField } from './enums';

@InputType({ description: 'The order of a list of papers. The default is newest first.' })
export class PaperOrder {
  @Field(() => PaperOrderField, { description: 'What to sort by.' })
  field!: PaperOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC, description: 'Ascending or descending; descending (highest, newest first) by default.' })
  direction!: OrderDirection;
}
